/**
 * Outgoing email. Every message is first a row of `outbound_emails`, so nothing is lost: without
 * SMTP (`SMTP_URL` unset) it stays there as the development outbox, readable by operators; with
 * SMTP a `notification` job delivers it through nodemailer, retried with backoff, and a row that
 * was sent is never sent again. The row is stored before its job is queued, so a Redis outage in
 * between leaves a `pending` row with no job: the sweeper queues such rows again once they are
 * older than a grace period, under the same job id, so a row that does have its job is not
 * queued twice.
 */
import { and, asc, eq, lt } from 'drizzle-orm';
import { createTransport, type Transporter } from 'nodemailer';
import type { Database } from '../db/client.ts';
import { outboundEmails } from '../db/schema/index.ts';
import type { Logger } from '../logger.ts';
import type { QueueRegistry } from '../queue/queues.ts';

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string | undefined;
  /** What kind of message (password-reset, member-invitation, candidate-invitation …). */
  template: string;
  organizationId?: string | undefined;
  /** A message with the same key is stored once (a retried request does not mail twice). */
  dedupeKey?: string | undefined;
}

export interface Mailer {
  /**
   * Stores the message and, with SMTP, queues its delivery; resolves with the row id once stored
   * (a failed enqueue is left to the sweeper).
   */
  send(message: EmailMessage): Promise<{ id: string }>;
  /** Delivers a stored message (the notification worker); throws so the queue retries. */
  deliver(messageId: string): Promise<void>;
  /**
   * Queues again every `pending` row older than the grace period (none without SMTP); resolves
   * with how many rows it handed to the queue (a row whose job still exists counts, adds nothing).
   */
  requeuePending(now?: Date): Promise<{ requeued: number }>;
  /** Runs `requeuePending` every sweep interval until the returned function is called. */
  startSweeper(): () => Promise<void>;
  /** True when messages stay in the development outbox. */
  devOutbox: boolean;
}

/** How old a `pending` row must be before the sweeper queues it again: `send` queues within it. */
export const PENDING_EMAIL_GRACE_MS = 2 * 60_000;
/** How often the sweeper looks for `pending` rows. */
export const EMAIL_SWEEP_INTERVAL_MS = 60_000;
const SWEEP_BATCH = 500;

/** The notification job id of an email row: one job per row, whoever queues it. */
export function emailJobId(messageId: string): string {
  return `email-${messageId}`;
}

/** Creates the mailer: the development outbox without `smtpUrl`, SMTP delivery through the queue with it. */
export function createMailer(options: {
  db: Database;
  queues: QueueRegistry;
  smtpUrl: string | undefined;
  from: string;
  logger: Logger;
  /** Default PENDING_EMAIL_GRACE_MS. */
  pendingGraceMs?: number;
  /** Default EMAIL_SWEEP_INTERVAL_MS. */
  sweepIntervalMs?: number;
}): Mailer {
  const { db } = options;
  const log = options.logger.child({ component: 'mail' });
  const graceMs = options.pendingGraceMs ?? PENDING_EMAIL_GRACE_MS;
  const sweepIntervalMs = options.sweepIntervalMs ?? EMAIL_SWEEP_INTERVAL_MS;
  let transport: Transporter | undefined;
  const transportOf = () => {
    transport ??= createTransport(options.smtpUrl);
    return transport;
  };
  const enqueueDelivery = (messageId: string) =>
    options.queues.enqueue(
      'notification',
      { version: 1, channel: 'email', messageId },
      { jobId: emailJobId(messageId) },
    );

  async function requeuePending(now = new Date()): Promise<{ requeued: number }> {
    // Without SMTP nothing could deliver them; they wait for SMTP to be configured.
    if (!options.smtpUrl) return { requeued: 0 };
    const rows = await db
      .select({ id: outboundEmails.id })
      .from(outboundEmails)
      .where(
        and(
          eq(outboundEmails.status, 'pending'),
          lt(outboundEmails.createdAt, new Date(now.getTime() - graceMs)),
        ),
      )
      .orderBy(asc(outboundEmails.createdAt))
      .limit(SWEEP_BATCH);
    for (const row of rows) await enqueueDelivery(row.id);
    if (rows.length > 0) log.info({ requeued: rows.length }, 'pending emails queued again');
    return { requeued: rows.length };
  }

  return {
    requeuePending,
    startSweeper() {
      let running: Promise<unknown> | undefined;
      const timer = setInterval(() => {
        if (running) return;
        running = requeuePending()
          .catch((error: unknown) => log.error({ err: error }, 'pending email sweep failed'))
          .finally(() => {
            running = undefined;
          });
      }, sweepIntervalMs);
      timer.unref();
      return async () => {
        clearInterval(timer);
        await running;
      };
    },
    devOutbox: !options.smtpUrl,
    async send(message) {
      const values = {
        organizationId: message.organizationId ?? null,
        toAddress: message.to,
        subject: message.subject,
        textBody: message.text,
        htmlBody: message.html ?? null,
        template: message.template,
        status: options.smtpUrl ? ('pending' as const) : ('dev_outbox' as const),
        dedupeKey: message.dedupeKey ?? null,
      };
      const [inserted] = await db
        .insert(outboundEmails)
        .values(values)
        .onConflictDoNothing()
        .returning({ id: outboundEmails.id });
      const id =
        inserted?.id ??
        (
          await db
            .select({ id: outboundEmails.id })
            .from(outboundEmails)
            .where(eq(outboundEmails.dedupeKey, message.dedupeKey ?? ''))
        )[0]?.id;
      if (!id) throw new Error('the email was not stored');
      if (options.smtpUrl && inserted) {
        try {
          await enqueueDelivery(id);
        } catch (error) {
          // The message is stored, so it is not lost: the sweeper queues it once Redis is back.
          log.warn({ err: error, id }, 'email stored but not queued; the sweeper will queue it');
        }
      }
      log.info({ id, template: message.template, devOutbox: !options.smtpUrl }, 'email stored');
      return { id };
    },
    async deliver(messageId) {
      const [row] = await db.select().from(outboundEmails).where(eq(outboundEmails.id, messageId));
      if (!row || row.status === 'sent' || row.status === 'dev_outbox') return;
      try {
        const info = await transportOf().sendMail({
          from: options.from,
          to: row.toAddress,
          subject: row.subject,
          text: row.textBody,
          ...(row.htmlBody ? { html: row.htmlBody } : {}),
        });
        await db
          .update(outboundEmails)
          .set({
            status: 'sent',
            sentAt: new Date(),
            attempts: row.attempts + 1,
            providerMessageId: info.messageId ?? null,
            lastError: null,
          })
          .where(eq(outboundEmails.id, messageId));
      } catch (error) {
        // The row stays: the next attempt (BullMQ backoff) or an operator can send it again.
        await db
          .update(outboundEmails)
          .set({
            status: 'failed',
            attempts: row.attempts + 1,
            lastError: (error as Error).message.slice(0, 500),
          })
          .where(eq(outboundEmails.id, messageId));
        throw error;
      }
    },
  };
}
