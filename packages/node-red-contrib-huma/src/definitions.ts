// The Node-RED node set, derived from the core's operation catalogue.
import { answersList, listOperations, resolveRef, wrapsFields, type OperationSpec } from '@huma-integrations/huma-client';

export interface NodeDefinition {
  /** Node-RED type; a public contract once released. */
  type: string;
  resource: string;
  label: string;
}

export const OPERATION_NODES: NodeDefinition[] = [
  { type: 'huma-user', resource: 'user', label: 'User' },
  { type: 'huma-group', resource: 'group', label: 'Group' },
  { type: 'huma-job-title', resource: 'jobTitle', label: 'Job Title' },
  { type: 'huma-position', resource: 'position', label: 'Position' },
  { type: 'huma-holiday', resource: 'holiday', label: 'Holiday' },
  { type: 'huma-user-child', resource: 'userChild', label: 'User Child' },
  { type: 'huma-emergency-contact', resource: 'userEmergencyContact', label: 'Emergency Contact' },
  { type: 'huma-identification', resource: 'userIdentification', label: 'Identification' },
];

/** What the editor needs to know of each operation of a node. */
export function editorOperations(resource: string) {
  return listOperations(resource).map((op) => ({
    action: op.action,
    summary: op.summary,
    description: op.description,
    paged: Boolean(op.paged),
    /** Answers a list: sent as one array or one message per item (Output), like the paged lists. */
    list: answersList(op),
    maxLimit: op.paged?.maxLimit ?? null,
    simplifiable: wrapsFields(op),
    body: op.body ? { required: op.body.required, example: bodyExample(op) } : null,
    params: op.parameters
      .filter((p) => !(op.paged && (p.name === 'limit' || p.name === 'offset')))
      .map((p) => {
        const schema = resolveRef(p.schema);
        return {
          name: p.name,
          in: p.in,
          required: p.required,
          type: schema.type === 'array' ? `list of ${schema.items?.format ?? schema.items?.type ?? 'text'}` : (schema.format ?? schema.type ?? 'text'),
          enum: schema.enum ?? schema.items?.enum ?? null,
          description: p.description ?? '',
        };
      }),
  }));
}

/** A skeleton body listing the required fields, shown as the editor's placeholder. */
function bodyExample(op: OperationSpec): string {
  const schema = resolveRef(op.body!.schema);
  if (schema.type === 'array') return '["<uuid>"]';
  const parts = [schema, ...(schema.allOf ?? []).map(resolveRef), ...(schema.oneOf ?? []).slice(0, 1).map(resolveRef)];
  const required = [...new Set(parts.flatMap((s) => [...(s.required ?? []), ...(s.allOf ?? []).flatMap((a) => resolveRef(a).required ?? [])]))];
  return JSON.stringify(Object.fromEntries(required.map((r) => [r, '…'])));
}
