/** Operations: health of the platform and its workers, the dead-letter queue, alerts, metrics. */

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
export { requireOperator } from './operator-auth.routes.ts';
