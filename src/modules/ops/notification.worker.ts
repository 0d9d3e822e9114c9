/**
 * The `notification` queue's processor: one job delivers one stored message — an alert through
 * the alert service, an email through the mailer. A failure throws, so BullMQ retries it.
 */
import type { Mailer } from '../../platform/mail/mailer.ts';
import type { JobProcessor } from '../../platform/queue/worker-runner.ts';
import type { AlertService } from './alerts.service.ts';

/** Creates the processor of the `notification` queue. */
export function createNotificationProcessor(
  alerts: Pick<AlertService, 'deliver'>,
  mailer: Pick<Mailer, 'deliver'>,
): JobProcessor<'notification'> {
  return async (payload) => {
    if (payload.channel === 'alert') {
      await alerts.deliver(payload.messageId);
      return { delivered: payload.messageId };
    }
    await mailer.deliver(payload.messageId);
    return { delivered: payload.messageId };
  };
}
