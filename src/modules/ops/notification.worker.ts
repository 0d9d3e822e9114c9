/**
 * The `notification` queue's processor: one job delivers one stored message. Alerts are sent by
 * the alert service; e-mail has no sender yet, so its jobs fail for good (and land in the
 * dead-letter queue) instead of being retried for nothing.
 */
import { UnrecoverableError } from 'bullmq';
import type { JobProcessor } from '../../platform/queue/worker-runner.ts';
import type { AlertService } from './alerts.service.ts';

/** Creates the processor of the `notification` queue. */
export function createNotificationProcessor(
  alerts: Pick<AlertService, 'deliver'>,
): JobProcessor<'notification'> {
  return async (payload) => {
    if (payload.channel === 'alert') {
      await alerts.deliver(payload.messageId);
      return { delivered: payload.messageId };
    }
    throw new UnrecoverableError('email delivery is not available yet: it arrives with the accounts issue');
  };
}
