// The organisation's custom fields: their definitions, the seeded values, how user details show
// them, and how a PATCH of `custom` is checked (as strictly as the sandbox assumes Huma does).
import {
	isValidDate,
	type components,
	type CustomFieldDefinition as CoreDefinition,
	type ValidationIssue,
} from '@huma-integrations/huma-client';

type CustomFieldObject = components['schemas']['CustomFieldObject'];

/** One custom field of the organisation, as user details describe it (the core's shape; all editable). */
export type CustomFieldDefinition = Omit<CoreDefinition, 'editable'>;

/** Every type the spec lists, in every section, two enums (one whose labels differ from its keys only in case). */
export const DEMO_CUSTOM_FIELDS: readonly CustomFieldDefinition[] = [
	{ key: 'costCentre', label: 'Cost centre', section: 'employment', type: 'text' },
	{
		key: 'bio',
		label: 'Short bio',
		section: 'intro',
		type: 'textarea',
		placeholder: 'A few lines about yourself',
	},
	{ key: 'parkingSpot', label: 'Parking spot', section: 'misc', type: 'number' },
	{ key: 'weeklyHours', label: 'Contracted weekly hours', section: 'employment', type: 'decimal' },
	{ key: 'remoteAllowed', label: 'Remote work allowed', section: 'employment', type: 'boolean' },
	{ key: 'healthCheckDate', label: 'Next health check', section: 'personalia', type: 'localdate' },
	{
		key: 'shirtSize',
		label: 'T-shirt size',
		section: 'personalia',
		type: 'enum',
		options: { xs: 'XS', s: 'S', m: 'M', l: 'L', xl: 'XL' },
	},
	{
		key: 'workModel',
		label: 'Work model',
		section: 'employment',
		type: 'enum',
		options: { office: 'At the office', hybrid: 'Hybrid', remote: 'Fully remote' },
	},
	{ key: 'linkedIn', label: 'LinkedIn profile', section: 'intro', type: 'url' },
];

const COST_CENTRES = ['CC-100 Management', 'CC-200 Engineering', 'CC-300 Sales', 'CC-400 Support'];
const BIOS = [
	'Likes long walks and short meetings.',
	'Started as an intern.\nNow runs the team.',
	'Coffee first, then code.',
];
const HOURS = [37.5, 37.5, 37.5, 40, 30, 22.5];
const SHIRTS = ['xs', 's', 'm', 'm', 'l', 'l', 'xl'];
const MODELS = ['office', 'hybrid', 'hybrid', 'remote'];

/**
 * A user's seeded custom values, drawn from the given PRNG (the organisation's own stream stays
 * untouched, so adding fields changes no other seeded data). `full` fills every field.
 */
export function seedCustomValues(
	random: () => number,
	thisYear: number,
	linkedInStem: string,
	full: boolean,
): Record<string, unknown> {
	// One object shape for every user (absent values undefined): the cheapest to build by the 100,000.
	return {
		costCentre: COST_CENTRES[Math.floor(random() * COST_CENTRES.length)],
		bio: full || random() > 0.7 ? BIOS[Math.floor(random() * BIOS.length)] : undefined,
		parkingSpot: full || random() > 0.6 ? 1 + Math.floor(random() * 200) : undefined,
		weeklyHours: HOURS[Math.floor(random() * HOURS.length)],
		remoteAllowed: random() > 0.4,
		healthCheckDate:
			full || random() > 0.5 ? healthCheckDates(thisYear)[Math.floor(random() * 12)] : undefined,
		shirtSize: SHIRTS[Math.floor(random() * SHIRTS.length)],
		workModel: MODELS[Math.floor(random() * MODELS.length)],
		linkedIn: full || random() > 0.5 ? `https://www.linkedin.com/in/${linkedInStem}` : undefined,
	};
}

let datesOf: { year: number; dates: string[] } | undefined;
/** The 15th of each month of next year, made once per year rather than once per user. */
function healthCheckDates(thisYear: number): string[] {
	if (datesOf?.year !== thisYear) {
		datesOf = {
			year: thisYear,
			dates: Array.from({ length: 12 }, (_, m) => `${thisYear + 1}-${m < 9 ? '0' : ''}${m + 1}-15`),
		};
	}
	return datesOf.dates;
}

/** Every definition with the user's value, or null where the user has none. */
export function customView(
	definitions: readonly CustomFieldDefinition[],
	values: Record<string, unknown>,
): Record<string, CustomFieldObject> {
	const view: Record<string, CustomFieldObject> = {};
	for (const d of definitions) {
		view[d.key] = {
			label: d.label,
			value: values[d.key] ?? null,
			...(d.placeholder ? { placeholder: d.placeholder } : {}),
			editable: true,
			section: d.section,
			type: d.type,
			...(d.options ? { options: d.options } : {}),
		};
	}
	return view;
}

function isWebAddress(text: string): boolean {
	if (text !== text.trim()) return false;
	try {
		const url = new URL(text);
		return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
	} catch {
		return false;
	}
}

/** Why a value does not fit its field's type, or undefined when it does. */
function valueProblem(d: CustomFieldDefinition, value: unknown): string | undefined {
	switch (d.type) {
		case 'text':
		case 'textarea':
			return typeof value === 'string' ? undefined : 'must be text';
		case 'number':
			return Number.isSafeInteger(value) ? undefined : 'must be a whole number';
		case 'decimal':
			return typeof value === 'number' && Number.isFinite(value) ? undefined : 'must be a number';
		case 'boolean':
			return typeof value === 'boolean' ? undefined : 'must be true or false';
		case 'localdate':
			return typeof value === 'string' && isValidDate(value)
				? undefined
				: 'must be a date as YYYY-MM-DD';
		case 'enum':
			return typeof value === 'string' && Object.hasOwn(d.options ?? {}, value)
				? undefined
				: `must be one of the option keys ${Object.keys(d.options ?? {}).join(', ')}`;
		case 'url':
			return typeof value === 'string' && isWebAddress(value)
				? undefined
				: 'must be a web address starting with http:// or https://';
		default:
			return `has type ${String(d.type)}, which the sandbox cannot check`;
	}
}

/** What is wrong with a PATCH's `custom`: unknown keys and values of the wrong type (null clears). */
export function customIssues(
	definitions: readonly CustomFieldDefinition[],
	custom: Record<string, unknown>,
): ValidationIssue[] {
	const issues: ValidationIssue[] = [];
	for (const [key, value] of Object.entries(custom)) {
		const field = `custom.${key}`;
		const d = definitions.find((f) => f.key === key);
		if (!d) issues.push({ field, message: 'is not a custom field of this organisation' });
		else if (value !== null) {
			const problem = valueProblem(d, value);
			if (problem) issues.push({ field, message: problem });
		}
	}
	return issues;
}

/** Applies a checked `custom`: values replace, null removes. */
export function applyCustom(
	values: Record<string, unknown>,
	custom: Record<string, unknown>,
): void {
	for (const [key, value] of Object.entries(custom)) {
		if (value === null) delete values[key];
		else values[key] = value;
	}
}
