// Runtime strings through Node-RED's i18n (RED._), with the English catalogue as a fallback
// where a runtime has not loaded the package's catalogue (node-red-node-test-helper).
import english from './locales/en-US/messages.json';

export type Translate = (key: string, substitutions?: Record<string, unknown>) => string;

function lookup(key: string): string | undefined {
	let at: unknown = english;
	for (const part of key.split('.'))
		at = at && typeof at === 'object' ? (at as Record<string, unknown>)[part] : undefined;
	return typeof at === 'string' ? at : undefined;
}

export function translator(RED: { _: Translate }): Translate {
	return (key, substitutions = {}) => {
		const translated = RED._(key, substitutions);
		if (translated && translated !== key) return translated;
		const text = lookup(key) ?? key;
		return text.replace(/__(\w+)__/g, (whole, name: string) =>
			name in substitutions ? String(substitutions[name]) : whole,
		);
	};
}
