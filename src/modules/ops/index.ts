/** Operations: health of the platform and its workers, the dead-letter queue, alerts, metrics. */

export { type AlertEvent, deadLetterAlertEvent } from './alert-message.ts';
export { type AlertMonitor, createAlertMonitor } from './alert-monitor.service.ts';
export { evaluateThresholds } from './alert-thresholds.ts';
export {
  type AlertService,
  createAlertService,
  signWebhookBody,
  verifyWebhookSignature,
} from './alerts.service.ts';
export { registerBullBoard } from './bull-board.routes.ts';
export { registerDeadLetterRoutes } from './dead-letter.routes.ts';
export type { DeadLetterActor, DeadLetterEntry, DeadLetterStats } from './dead-letter.schema.ts';
export {
  createDeadLetterService,
  type DeadLetterNotice,
  type DeadLetterService,
  type DeadLetterSettings,
} from './dead-letter.service.ts';
export { classifyFailure } from './failure-class.ts';
export { fingerprintOf, normalizeMessage } from './fingerprint.ts';
export { registerHealthRoutes } from './health.routes.ts';
export {
  createHealthService,
  type HealthService,
  type LlmHealth,
  type PlatformHealthReport,
  type SandboxHealth,
  type WorkerHealthReport,
} from './health.service.ts';
export {
  assessWorkerHealth,
  type HealthStatus,
  type QueueFigures,
  workerHealthThresholds,
} from './health-rules.ts';
export { registerMetricsRoutes } from './metrics.routes.ts';
export { createMetricsHistory, type MetricsHistoryService } from './metrics-history.service.ts';
export { createNotificationProcessor } from './notification.worker.ts';
export { type OperatorAccess, requireOperator } from './operator-auth.routes.ts';
export { registerOutboxRoutes } from './outbox.routes.ts';
