// One source of the words editors show for resources, operations and fields: display name,
// a description an AI agent can act on, and a placeholder. From the spec where it has them;
// from ./resources, ./operation-decisions and ./field-words where it doesn't. Used by the n8n
// node generator and the Node-RED editor.
import type { OperationSpec, SchemaObject } from './catalogue-types';
import { FIELD_DESCRIPTIONS, FIELD_LABELS } from './field-words';
import { decisionsFor } from './operation-decisions';
import { resourceInfo } from './resources';
import { resolveRef } from './validate';

/** `notRecursivelySupervisorOf` → `Not Recursively Supervisor Of`; `employmentId` → `Employment ID`. */
export function humanize(name: string): string {
	return name
		.replace(/([a-z0-9])([A-Z])/g, '$1 $2')
		.replace(/_/g, ' ')
		.split(' ')
		.map((w) =>
			/^id$/i.test(w) ? 'ID' : /^ids$/i.test(w) ? 'IDs' : w.charAt(0).toUpperCase() + w.slice(1),
		)
		.join(' ');
}

/** Capitalised; a single sentence has no final period, several sentences end with one. */
export function sentence(text: string | undefined): string | undefined {
	if (!text?.trim()) return undefined;
	const trimmed = text.trim().replace(/\s+/g, ' ').replace(/\.$/, '');
	const capitalised = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
	return /\. [A-Z]/.test(capitalised) ? `${capitalised}.` : capitalised;
}

export function resourceLabel(resource: string): string {
	return resourceInfo(resource)?.label ?? humanize(resource);
}

/** The operation as words: "Get Many" for every plain list, "Add to Groups". */
export function operationLabel(op: Pick<OperationSpec, 'action' | 'name'>): string {
	if (op.action === 'list') return 'Get Many';
	return decisionsFor(op).label ?? humanize(op.action);
}

/**
 * What the operation does (the spec's words) and what it returns. `noAnswer` says what an
 * operation that answers no data gives in the engine describing it.
 */
export function operationDescription(
	op: OperationSpec,
	noAnswer = 'Huma answers with no data',
): string {
	const does = (op.description || op.summary).trim().replace(/\.$/, '');
	const returns = decisionsFor(op).returns ?? (op.response ? undefined : noAnswer);
	return sentence(returns ? `${does}. ${returns}` : does)!;
}

export function fieldLabel(name: string): string {
	return FIELD_LABELS[name] ?? humanize(name);
}

/**
 * What to enter in a field. `operation` picks an operation's own wording where one exists.
 * Booleans start with "Whether", as n8n's guidelines ask.
 */
export function fieldDescription(
	name: string,
	schema: SchemaObject,
	operation?: string,
	specDescription?: string,
): string {
	const s = resolveRef(schema);
	// An operation's own wording first, then the spec's, then the general override.
	let text =
		(operation ? decisionsFor({ name: operation }).fieldDescriptions?.[name] : undefined) ??
		sentence(specDescription ?? schema.description ?? s.description) ??
		FIELD_DESCRIPTIONS[name];
	if (!text) {
		if (s.format === 'date') text = 'Date in YYYY-MM-DD form';
		else if (s.format === 'uuid') text = `ID of the ${humanize(name).toLowerCase()}`;
		else text = humanize(name);
	}
	if (s.type === 'boolean' && !text.startsWith('Whether'))
		text = `Whether ${text.charAt(0).toLowerCase()}${text.slice(1)}`;
	return text;
}

/** An example value to show in an empty field, or undefined. */
export function fieldPlaceholder(name: string, schema: SchemaObject): string | undefined {
	const s = resolveRef(schema);
	if (s.format === 'date') return 'e.g. 2025-01-31';
	if (s.format === 'uuid') return 'e.g. 3fa85f64-5717-4562-b3fc-2c963f66afa6';
	if (s.format === 'ISO 3166-1 alpha-2' || (s.maxLength === 2 && s.type === 'string'))
		return 'e.g. NO';
	if (s.format === 'ISO 639-1') return 'e.g. en';
	if (/email/i.test(name)) return 'name@email.com';
	return undefined;
}

/** The action as a sentence, as n8n shows it and Node-RED labels a node: "Get many users", "Create position". */
export function operationAction(op: Pick<OperationSpec, 'action' | 'name' | 'summary'>): string {
	const summary = op.summary.charAt(0).toUpperCase() + op.summary.slice(1).toLowerCase();
	if (operationLabel(op) === 'Get Many') return summary.replace(/^List /, 'Get many ');
	return summary.replace(/^List /, 'Get ').replace(/^Find /, 'Get ');
}
