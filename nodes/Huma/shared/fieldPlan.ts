// How each catalogue operation appears in the n8n node: which parameter sits where, and under
// which name. Shared by the description generator (scripts/generate-n8n.mjs) and the runtime, so
// the fields the editor shows are exactly the fields execute() reads.
import { listOperations, objectFields, resolveRef, type OperationSpec, type ParameterSpec, type SchemaObject } from '@huma-integrations/huma-client';

/** Resource values of the node: a public contract, never renamed. */
export const NODE_RESOURCES = [
  'user',
  'group',
  'jobTitle',
  'position',
  'holiday',
  'userChild',
  'userEmergencyContact',
  'userIdentification',
] as const;

export type NodeResource = (typeof NODE_RESOURCES)[number];

/** Operation values of the node: the catalogue action, with n8n's `getAll` for plain lists. */
export function operationValue(op: OperationSpec): string {
  return op.action === 'list' ? 'getAll' : op.action;
}

export function operationFor(resource: string, value: string): OperationSpec | undefined {
  return listOperations(resource).find((op) => operationValue(op) === value);
}

export type Locator = 'user' | 'group' | 'jobTitle';

/** Path parameters that name a user, group or job title get a resource locator. */
export function locatorFor(op: OperationSpec, param: ParameterSpec): Locator | undefined {
  if (param.in !== 'path') return undefined;
  if (param.name === 'userId') return 'user';
  if (param.name === 'id' && (op.resource === 'user' || op.resource === 'group' || op.resource === 'jobTitle')) {
    return op.resource;
  }
  return undefined;
}

/** Where optional query parameters go. */
export function queryCollection(op: OperationSpec): 'filters' | 'options' {
  return op.action.startsWith('list') ? 'filters' : 'options';
}

/** Parameters shown as fields of their own (the rest sit in the filters/options collection). */
export function isTopLevel(op: OperationSpec, param: ParameterSpec): boolean {
  if (op.paged && (param.name === 'limit' || param.name === 'offset')) return false;
  return param.required || param.in === 'path';
}

export interface BodyField {
  name: string;
  schema: SchemaObject;
}

export type BodyPlan =
  | { kind: 'none' }
  /** The body is a list of ids (add subordinates, add to groups). */
  | { kind: 'idList'; field: string; items: 'user' | 'group' }
  | { kind: 'object'; required: BodyField[]; optional: BodyField[]; collection: 'additionalFields' | 'updateFields' };

export function bodyPlan(op: OperationSpec): BodyPlan {
  if (!op.body) return { kind: 'none' };
  const schema = resolveRef(op.body.schema);
  if (schema.type === 'array') {
    return op.action === 'addSubordinates'
      ? { kind: 'idList', field: 'subordinateIds', items: 'user' }
      : { kind: 'idList', field: 'groupIds', items: 'group' };
  }
  const { properties, required } = objectFields(schema);
  const fields = [...properties.entries()]
    .filter(([, s]) => !s.deprecated)
    .map(([name, s]) => ({ name, schema: s }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return {
    kind: 'object',
    required: fields.filter((f) => required.has(f.name)),
    optional: fields.filter((f) => !required.has(f.name)),
    collection: op.method === 'POST' ? 'additionalFields' : 'updateFields',
  };
}

/** Fields entered as comma-separated text but sent as lists. */
export function isListOfScalars(schema: SchemaObject): boolean {
  const s = resolveRef(schema);
  return s.type === 'array' && !resolveRef(s.items ?? {}).properties && resolveRef(s.items ?? {}).type !== 'object';
}

/** A list of `{ id }` objects (group members), entered as comma-separated ids. */
export function isIdWrapperList(schema: SchemaObject): boolean {
  const s = resolveRef(schema);
  return s.type === 'array' && s.items?.$ref === '#/components/schemas/UUIDWrapper';
}

/** Fields entered as JSON: nested objects and lists of objects. */
export function isJson(schema: SchemaObject): boolean {
  const s = resolveRef(schema);
  if (isIdWrapperList(schema) || isListOfScalars(schema)) return false;
  return s.type === 'object' || s.type === 'array' || Boolean(s.oneOf) || Boolean(s.allOf) || Boolean(s.properties);
}

/** Options lists loaded from Huma for fields that take ids. */
export function loadOptionsFor(name: string): string | undefined {
  return (
    {
      team: 'getTeams',
      location: 'getLocations',
      company: 'getCompanies',
      jobTitle: 'getJobTitles',
      titleId: 'getJobTitles',
      groups: 'getGroups',
      groupIds: 'getGroups',
    } as Record<string, string>
  )[name];
}
