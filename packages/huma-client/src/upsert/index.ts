// user.upsert and user.findByEmail: composite operations built from API calls (COMPOSITE_OPERATIONS).
export { COMPOSITE_OPERATIONS, type CompositeOperation } from './composite';
export { upsertColumns, type UpsertColumn, type UpsertColumnKind } from './columns';
export { cachedCustomFields, forgetCustomFields } from './custom-cache';
export { HumaUserNotFoundError, UpsertRowFailure, type RowFailureCode } from './errors';
export { findUserByEmail } from './find-by-email';
export { upsertUsers } from './upsert';
export {
	UPSERT_ACTIONS,
	type UpsertAction,
	type UpsertGroupsMode,
	type UpsertLookup,
	type UpsertMatchKey,
	type UpsertOptions,
	type UpsertResult,
	type UpsertRow,
	type UpsertRowError,
	type UpsertRowResult,
	type UserDetails,
	type UserListItem,
} from './types';
