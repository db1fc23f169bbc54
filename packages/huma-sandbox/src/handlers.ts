// One handler per catalogue operation, over the in-memory store, one file per resource group under
// handlers/. The map is typed by operation name: an operation without a handler does not compile.
import type { OperationName } from '@huma-integrations/huma-client';
import type { Handler } from './handlers/context';
import { groupHandlers } from './handlers/groups';
import { holidayHandlers } from './handlers/holidays';
import { jobTitleHandlers } from './handlers/job-titles';
import { positionHandlers } from './handlers/positions';
import { userRecordHandlers } from './handlers/user-records';
import { userHandlers } from './handlers/users';

export type { Handler, HandlerContext, HandlerResult } from './handlers/context';

/** Every catalogue operation but the OAuth ones, which auth.ts serves. */
export type HandledOperation = Exclude<OperationName, 'auth.token' | 'auth.revoke'>;

export const handlers = {
	...userHandlers,
	...groupHandlers,
	...jobTitleHandlers,
	...positionHandlers,
	...holidayHandlers,
	...userRecordHandlers,
} satisfies { [N in HandledOperation]: Handler };
