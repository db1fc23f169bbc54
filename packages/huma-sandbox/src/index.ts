export {
  HumaSandbox,
  startSandbox,
  type ApiKey,
  type Counters,
  type FaultOptions,
  type KeyStatus,
  type RunningSandbox,
  type SandboxOptions,
  type ScriptedFault,
  type Violation,
} from './server';
export { generateOrganization, seededRandom, uuidFrom, type Store, type UserData, type GroupData } from './store';
export { publicHolidays, HOLIDAY_COUNTRIES } from './holidays';
export { WebhookSender, DEFAULT_WEBHOOK_RETRY, emptyWebhookCounters, type WebhookConfig, type WebhookCounters, type WebhookRetryOptions } from './webhooks';
