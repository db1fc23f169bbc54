// The columns a mapper offers for user.upsert: the plain fields, the references, the
// organisation's custom fields, and the id to match by. Both engines build their editors from it.
import type { CustomFieldDefinition, CustomFieldType } from '../custom-fields';
import { fieldKind, fieldWords, listChoices, type FieldKind } from '../fields';
import { getOperation } from '../request';
import { resolveRef } from '../validate';
import { CREATE_REQUIRED, LIST_FIELDS, UPDATE_FIELDS } from './fields';

/**
 * What a column holds, which decides how an editor shows it and how its value is read:
 * - a FieldKind (from fields.ts) for a plain field of user.update;
 * - `groups`: group names or ids, a list or comma text;
 * - `supervisor`: the supervisor's e-mail or user id;
 * - `custom<Type>` (customText, customTextarea, customNumber, customDecimal, customBoolean,
 *   customLocaldate, customEnum, customUrl) for a custom field of that type.
 */
export type UpsertColumnKind =
	| FieldKind
	| 'groups'
	| 'supervisor'
	| `custom${Capitalize<CustomFieldType>}`;

export interface UpsertColumn {
	/** The row key: a field name, `groups`, `supervisor`, `custom.<key>` or `id`. */
	id: string;
	label: string;
	kind: UpsertColumnKind;
	/** Needed to create a user. */
	required: boolean;
	/** The values an enum takes: Huma's key (sent) and its label (either is accepted). */
	options?: { value: string; label: string }[];
	/** The rows may be matched by this column. */
	canMatch: boolean;
	description?: string;
}

const MATCH_NOTES: Record<string, string> = {
	email: 'Matched trimmed and in any case by default.',
	employmentId:
		"Matching by it reads every user's details (the user list does not carry it): one request per user of the organisation.",
};

function customKind(type: CustomFieldType): UpsertColumnKind {
	const name = String(type);
	return `custom${name.charAt(0).toUpperCase()}${name.slice(1)}` as UpsertColumnKind;
}

/** The columns for rows of user.upsert, given the organisation's custom fields (listCustomFields). */
export function upsertColumns(customFields: readonly CustomFieldDefinition[]): UpsertColumn[] {
	const op = getOperation('user.update');
	const columns: UpsertColumn[] = [
		{
			id: 'id',
			label: 'User ID',
			kind: 'uuid',
			required: false,
			canMatch: true,
			description:
				'The Huma user id, to match by id; a row without one is matched by its e-mail and created when none has it',
		},
	];
	for (const field of UPDATE_FIELDS.values()) {
		const words = fieldWords(op, field);
		const choices = resolveRef(field.schema).enum ?? listChoices(field.schema);
		const detailNote = LIST_FIELDS.has(field.name) ? '' : " Compared with the user's details.";
		const note = MATCH_NOTES[field.name] ? ` ${MATCH_NOTES[field.name]}` : '';
		columns.push({
			id: field.name,
			label: words.label,
			kind: fieldKind(field.schema),
			required: CREATE_REQUIRED.includes(field.name),
			...(choices ? { options: choices.map((c) => ({ value: String(c), label: String(c) })) } : {}),
			canMatch: field.name === 'email' || field.name === 'employmentId',
			description: `${words.description}${note}${detailNote}`.trim(),
		});
	}
	columns.push(
		{
			id: 'groups',
			label: 'Groups',
			kind: 'groups',
			required: false,
			canMatch: false,
			description:
				'Group names or IDs, comma-separated. An existing user is added to those missing, or (groups mode "exactly") also removed from the others',
		},
		{
			id: 'supervisor',
			label: 'Supervisor',
			kind: 'supervisor',
			required: false,
			canMatch: false,
			description: "The supervisor's e-mail or user ID",
		},
	);
	for (const def of customFields) {
		if (!def.editable) continue;
		columns.push({
			id: `custom.${def.key}`,
			label: def.label,
			kind: customKind(def.type),
			required: false,
			...(def.options
				? {
						options: Object.entries(def.options).map(([value, label]) => ({ value, label })),
					}
				: {}),
			canMatch: false,
			description: `Custom field (${def.section}, ${def.type})${def.type === 'enum' ? ': by key or label' : ''}`,
		});
	}
	return columns;
}
