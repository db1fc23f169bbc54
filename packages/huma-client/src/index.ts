// Transport- and timer-free core: safe to bundle into the n8n node. Node users import './node'.
export { HumaClient } from './client';
export type {
	CallOptions,
	HumaClientOptions,
	OperationParams,
	OperationResult,
	PagedOperationName,
	PaginateOptions,
	ResourceApis,
} from './client-types';
export type { OperationSpec, ParameterSpec, SchemaObject } from './catalogue-types';
export {
	operations,
	OPERATION_NAMES,
	PAGED_OPERATION_NAMES,
	RESOURCES,
	RESOURCE_TAGS,
	schemas,
	SPEC_VERSION,
} from './generated/catalogue';
export type { OperationTypes } from './generated/operation-types';
export type { components, operations as SpecOperations } from './generated/openapi';
export {
	describeError,
	findHumaError,
	HumaApiError,
	HumaConnectionError,
	HumaError,
	HumaValidationError,
	Redactor,
} from './errors';
export {
	checkCustomValue,
	checkCustomValues,
	customFieldsOf,
	listCustomFields,
	type CustomFieldDefinition,
	type CustomFieldSection,
	type CustomFieldType,
	type CustomValue,
	type UserDetailsReader,
} from './custom-fields';
export { credentialFingerprint, sha256Hex } from './fingerprint';
export { UNREACHABLE_REASONS, unreachableCodeIn } from './unreachable';
export {
	getOperation,
	listOperations,
	prepareRequest,
	type OperationName,
	type PreparedRequest,
	type RequestParams,
} from './request';
export {
	backoffDelay,
	DEFAULT_RETRY,
	isRetryableStatus,
	parseRetryAfter,
	type RetryOptions,
} from './retry';
export { answersEnvelope, answersList, isPagingParameter, listItems } from './lists';
export { simplify } from './simplify';
export { bodyFields, bodyIsList, type BodyField } from './body';
export {
	bodyValue,
	fieldKind,
	fieldRecordWord,
	fieldWords,
	idListValue,
	listChoices,
	type FieldKind,
	type FieldWords,
} from './fields';
export {
	editorResources,
	nodeRedNodes,
	RECORD_KINDS,
	recordName,
	type ListedRecord,
	resourceInfo,
	RESOURCE_TABLE,
	type RecordKind,
	type ResourceInfo,
	type ResourceName,
} from './resources';
export {
	answerIsSimplifiable,
	decisionsFor,
	OPERATION_DECISIONS,
	recordOfField,
	type OperationDecisions,
} from './operation-decisions';
export { deadlineMsOf, DEFAULT_DEADLINE_SECONDS, untilAborted } from './deadline';
export { rateLimitKey, type RateLimitOptions } from './rate-sharing';
export {
	buildTokenRequest,
	parseTokenResponse,
	refreshMarginMs,
	TOKEN_PATH,
	TokenManager,
	type AccessToken,
	type ClientCredentials,
} from './token';
export {
	classifyFailure,
	failureCode,
	failureFromCode,
	normalizeHeaders,
	TransportError,
	type HttpRequest,
	type HttpResponse,
	type Transport,
} from './transport';
export { BASE_URLS, baseUrlOf, resolveBaseUrl, type Environment, type HumaLocation } from './url';
export {
	coerceParameter,
	isValidDate,
	resolveRef,
	splitList,
	validateSchema,
	type ValidationIssue,
} from './validate';
export {
	humanize,
	operationAction,
	operationDescription,
	operationLabel,
	resourceLabel,
	sentence,
} from './labels';
export * from './events';
export * from './upsert';
export { isBlank, isRecord, isUuid } from './values';
