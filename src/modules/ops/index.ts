/** Operations: health of the platform and its workers (DLQ, alerts and metrics join later). */

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
