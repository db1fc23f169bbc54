import type { FieldType, ILoadOptionsFunctions, ResourceMapperFields } from 'n8n-workflow';
import { listCustomFields, upsertColumns, type UpsertColumn } from '@huma-integrations/huma-client';
import { humaClient } from '../transport';

/**
 * How n8n's mapper shows a column of a kind; dates stay text, as Huma takes YYYY-MM-DD, not a
 * time. Only the editor goes by it: the node reads values unchecked by n8n and the core checks them.
 */
function fieldType(column: UpsertColumn): FieldType {
	if (column.options?.length) return 'options';
	if (['number', 'customNumber', 'customDecimal'].includes(column.kind)) return 'number';
	if (['boolean', 'customBoolean'].includes(column.kind)) return 'boolean';
	return 'string';
}

export const resourceMapping = {
	/**
	 * The columns of User → Create or Update: the core's upsert columns, the catalogue's user
	 * fields plus the credential's organisation's custom fields, with their types and options.
	 */
	async getMappingColumns(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
		const client = await humaClient(this);
		const columns = upsertColumns(await listCustomFields(client, {}));
		return {
			fields: columns.map((column) => ({
				id: column.id,
				displayName: column.label,
				required: column.required,
				defaultMatch: column.id === 'email',
				canBeUsedToMatch: column.canMatch,
				display: true,
				type: fieldType(column),
				...(column.options?.length
					? { options: column.options.map((o) => ({ name: o.label, value: o.value })) }
					: {}),
			})),
		};
	},
};
