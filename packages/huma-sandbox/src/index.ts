export {
	HumaSandbox,
	startSandbox,
	type Counters,
	type RunningSandbox,
	type SandboxOptions,
} from './server';
export type { ApiKey, KeyStatus } from './auth';
export type { FaultOptions, ScriptedFault } from './faults';
export type { Violation } from './validation';
export {
	generateOrganization,
	seededRandom,
	uuidFrom,
	type Store,
	type UserData,
	type GroupData,
} from './store';
export { publicHolidays, HOLIDAY_COUNTRIES } from './holidays';
export {
	WebhookSender,
	DEFAULT_WEBHOOK_RETRY,
	emptyWebhookCounters,
	type WebhookConfig,
	type WebhookCounters,
	type WebhookRetryOptions,
} from './webhooks';
