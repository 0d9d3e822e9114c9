/**
 * Outgoing email. Every message is first a row of `outbound_emails`, so nothing is lost: without
 * SMTP (`SMTP_URL` unset) it stays there as the development outbox, readable by operators; with
 * SMTP a `notification` job delivers it through nodemailer, retried with backoff, and a row that
 * was sent is never sent again.
 */
import { eq } from 'drizzle-orm';
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
  /** Stores the message and, with SMTP, queues its delivery; resolves with the row id. */
  send(message: EmailMessage): Promise<{ id: string }>;
  /** Delivers a stored message (the notification worker); throws so the queue retries. */
  deliver(messageId: string): Promise<void>;
  /** True when messages stay in the development outbox. */
  devOutbox: boolean;
}

export function createMailer(options: {
  db: Database;
  queues: QueueRegistry;
  smtpUrl: string | undefined;
  from: string;
  logger: Logger;
}): Mailer {
  const { db } = options;
  const log = options.logger.child({ component: 'mail' });
  let transport: Transporter | undefined;
  const transportOf = () => {
    transport ??= createTransport(options.smtpUrl);
    return transport;
  };

  return {
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
        await options.queues.enqueue(
          'notification',
          { version: 1, channel: 'email', messageId: id },
          { jobId: `email-${id}` },
        );
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
