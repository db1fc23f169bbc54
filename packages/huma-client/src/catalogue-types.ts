/** The subset of JSON Schema (OpenAPI 3.1) that Huma's spec uses. */
export interface SchemaObject {
	$ref?: string;
	type?: string;
	format?: string;
	enum?: readonly unknown[];
	properties?: Record<string, SchemaObject>;
	additionalProperties?: boolean | SchemaObject;
	required?: readonly string[];
	items?: SchemaObject;
	allOf?: readonly SchemaObject[];
	oneOf?: readonly SchemaObject[];
	discriminator?: { propertyName: string; mapping?: Record<string, string> };
	maxLength?: number;
	minLength?: number;
	maximum?: number;
	minimum?: number;
	maxItems?: number;
	minItems?: number;
	uniqueItems?: boolean;
	default?: unknown;
	description?: string;
	example?: unknown;
	deprecated?: boolean;
	writeOnly?: boolean;
}

export interface ParameterSpec {
	name: string;
	in: 'path' | 'query';
	required: boolean;
	description?: string;
	schema: SchemaObject;
}

export interface OperationSpec {
	/** Stable public name, `<resource>.<action>`, e.g. `user.list`. */
	name: string;
	resource: string;
	action: string;
	operationId: string;
	tag: string;
	method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
	path: string;
	summary: string;
	description: string;
	authenticated: boolean;
	parameters: readonly ParameterSpec[];
	body?: { required: boolean; contentType: string; schema: SchemaObject };
	response: { schema: SchemaObject } | null;
	/** Present for operations paged with limit/offset that answer `{ total, items }`. */
	paged?: { maxLimit: number | null };
}
