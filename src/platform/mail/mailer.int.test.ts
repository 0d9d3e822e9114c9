/**
 * The mailer: the development outbox without SMTP; delivery through a real SMTP conversation,
 * retried; the sweeper that queues rows left `pending` (Redis down when they were stored).
 */
import { eq, inArray } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { type FakeSmtpServer, startFakeSmtpServer } from '../../../test/support/fake-smtp-server.ts';
import { testLogger } from '../../../test/support/logger.ts';
import { deleteKeysWithPrefix, startControlledRedis, uniquePrefix } from '../../../test/support/redis.ts';
import { testRedisUrl } from '../../../test/support/services.ts';
import { waitFor } from '../../../test/support/wait.ts';
import type { Database } from '../db/client.ts';
import { type EmailStatus, outboundEmails } from '../db/schema/index.ts';
import { createQueueRegistry, type QueueRegistry } from '../queue/queues.ts';
import { createRedisConnection } from '../redis/connection.ts';
import { createMailer, emailJobId, PENDING_EMAIL_GRACE_MS } from './mailer.ts';

let database: TestDatabase;
let redis: Redis;
let queues: QueueRegistry;
let smtp: FakeSmtpServer;
const prefix = uniquePrefix('mail');
const message = {
  to: 'ada@example.test',
  subject: 'Hello',
  text: 'Hi Ada,\n.\nA line with a dot.',
  template: 'test',
};

beforeAll(async () => {
  database = await createTestDatabase();
  redis = new Redis(testRedisUrl, { maxRetriesPerRequest: null });
  queues = createQueueRegistry({ connection: redis, prefix });
  smtp = await startFakeSmtpServer();
});
afterAll(async () => {
  await smtp?.close();
  await queues?.close();
  redis?.disconnect();
  await deleteKeysWithPrefix(prefix);
  await database?.drop();
});

describe('mailer', () => {
  it('keeps messages in the development outbox without SMTP, once per dedupe key, and queues nothing', async () => {
    const mailer = createMailer({
      db: database.handle.db,
      queues,
      smtpUrl: undefined,
      from: 'x@example.test',
      logger: testLogger,
    });
    const first = await mailer.send({ ...message, dedupeKey: 'welcome-ada' });
    const again = await mailer.send({ ...message, dedupeKey: 'welcome-ada' });
    expect(again.id).toBe(first.id);
    const [row] = await database.handle.db
      .select()
      .from(outboundEmails)
      .where(eq(outboundEmails.id, first.id));
    expect(row).toMatchObject({ status: 'dev_outbox', toAddress: 'ada@example.test', subject: 'Hello' });
    expect(await queues.queue('notification').getJobCounts('waiting')).toEqual({ waiting: 0 });
  });

  it('delivers through SMTP from the notification job, keeps the row on failure, and sends a row once', async () => {
    const mailer = createMailer({
      db: database.handle.db,
      queues,
      smtpUrl: smtp.url,
      from: 'InterviewLM <no-reply@example.test>',
      logger: testLogger,
    });
    const { id } = await mailer.send(message);
    const job = await queues.queue('notification').getJob(`email-${id}`);
    expect(job?.data).toEqual({ version: 1, channel: 'email', messageId: id });

    smtp.failNext(1);
    await expect(mailer.deliver(id)).rejects.toThrow(/451/);
    let [row] = await database.handle.db.select().from(outboundEmails).where(eq(outboundEmails.id, id));
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    expect(row?.lastError).toContain('451');

    await mailer.deliver(id);
    [row] = await database.handle.db.select().from(outboundEmails).where(eq(outboundEmails.id, id));
    expect(row).toMatchObject({ status: 'sent', attempts: 2 });
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]?.to).toEqual(['<ada@example.test>']);
    expect(smtp.messages[0]?.data).toContain('Subject: Hello');
    expect(smtp.messages[0]?.data).toContain('A line with a dot.');
    await mailer.deliver(id);
    expect(smtp.messages).toHaveLength(1);
  });
});

describe('pending email sweeper', () => {
  // A database of its own: the sweep looks at every pending row, not only this test's.
  let sweepDatabase: TestDatabase;
  let db: Database;
  const sweepPrefixes: string[] = [];
  beforeAll(async () => {
    sweepDatabase = await createTestDatabase();
    db = sweepDatabase.handle.db;
  });
  afterAll(async () => {
    for (const used of sweepPrefixes) await deleteKeysWithPrefix(used);
    await sweepDatabase?.drop();
  });

  async function storedRow(status: EmailStatus, createdAt: Date): Promise<string> {
    const [row] = await db
      .insert(outboundEmails)
      .values({
        toAddress: 'ada@example.test',
        subject: 's',
        textBody: 't',
        template: 'test',
        status,
        createdAt,
      })
      .returning({ id: outboundEmails.id });
    if (!row) throw new Error('no row');
    return row.id;
  }

  function registry(connection: Redis = redis): QueueRegistry {
    const own = uniquePrefix('mail-sweep');
    sweepPrefixes.push(own);
    return createQueueRegistry({ connection, prefix: own });
  }

  it('queues a pending row older than the grace period once, even when swept twice; leaves fresh and sent rows alone', async () => {
    const sweepQueues = registry();
    try {
      const mailer = createMailer({
        db,
        queues: sweepQueues,
        smtpUrl: smtp.url,
        from: 'x@example.test',
        logger: testLogger,
      });
      const now = new Date();
      const old = new Date(now.getTime() - PENDING_EMAIL_GRACE_MS - 60_000);
      const stuck = await storedRow('pending', old);
      const fresh = await storedRow('pending', new Date(now.getTime() - 10_000));
      const sent = await storedRow('sent', old);
      const outbox = await storedRow('dev_outbox', old);

      expect(await mailer.requeuePending(now)).toEqual({ requeued: 1 });
      expect(await mailer.requeuePending(now)).toEqual({ requeued: 1 });

      const notification = sweepQueues.queue('notification');
      expect(await notification.getJobCounts('waiting', 'delayed', 'active')).toEqual({
        waiting: 1,
        delayed: 0,
        active: 0,
      });
      const job = await notification.getJob(emailJobId(stuck));
      expect(job?.data).toEqual({ version: 1, channel: 'email', messageId: stuck });
      for (const untouched of [fresh, sent, outbox]) {
        expect(await notification.getJob(emailJobId(untouched))).toBeUndefined();
      }
      // The rows themselves are the worker's business: the sweep only queues.
      const statuses = await db
        .select({ id: outboundEmails.id, status: outboundEmails.status })
        .from(outboundEmails)
        .where(inArray(outboundEmails.id, [stuck, fresh, sent, outbox]));
      expect(new Map(statuses.map((row) => [row.id, row.status]))).toEqual(
        new Map([
          [stuck, 'pending'],
          [fresh, 'pending'],
          [sent, 'sent'],
          [outbox, 'dev_outbox'],
        ]),
      );
      await db.delete(outboundEmails).where(inArray(outboundEmails.id, [stuck, fresh, sent, outbox]));
    } finally {
      await sweepQueues.close();
    }
  });

  it('sends a message stored while Redis was down, once the sweep queues it after Redis is back', async () => {
    const server = await startControlledRedis();
    const producer = createRedisConnection(server.url, 'producer', testLogger);
    const sweepQueues = registry(producer);
    try {
      const mailer = createMailer({
        db,
        queues: sweepQueues,
        smtpUrl: smtp.url,
        from: 'x@example.test',
        logger: testLogger,
      });
      // The platform's producer is connected when requests arrive; then Redis goes away.
      expect(await sweepQueues.queue('notification').getJobCounts('waiting')).toEqual({ waiting: 0 });
      await server.stop();
      // The enqueue fails, but the message is stored: sending does not fail the caller.
      const { id } = await mailer.send({
        ...message,
        to: 'outage@example.test',
        subject: 'During the outage',
      });
      const [row] = await db.select().from(outboundEmails).where(eq(outboundEmails.id, id));
      expect(row?.status).toBe('pending');

      await server.start();
      await waitFor(() => (producer.status === 'ready' ? true : undefined), 'the producer to reconnect');
      const notification = sweepQueues.queue('notification');
      expect(await notification.getJob(emailJobId(id))).toBeUndefined();
      // Within the grace period the row is left to `send` itself.
      expect(await mailer.requeuePending(new Date())).toEqual({ requeued: 0 });
      const later = new Date(Date.now() + PENDING_EMAIL_GRACE_MS + 1_000);
      expect(await mailer.requeuePending(later)).toEqual({ requeued: 1 });
      const job = await notification.getJob(emailJobId(id));
      expect(job?.data).toEqual({ version: 1, channel: 'email', messageId: id });

      // What the notification worker does with the job.
      const before = smtp.messages.length;
      await mailer.deliver(job?.data.messageId);
      expect(smtp.messages.slice(before).map((mail) => mail.to)).toEqual([['<outage@example.test>']]);
      expect(await mailer.requeuePending(later)).toEqual({ requeued: 0 });
    } finally {
      await sweepQueues.close();
      producer.disconnect();
      await server.destroy();
    }
  });

  it('sweeps on its interval once started, and stops', async () => {
    const sweepQueues = registry();
    try {
      const mailer = createMailer({
        db,
        queues: sweepQueues,
        smtpUrl: smtp.url,
        from: 'x@example.test',
        logger: testLogger,
        pendingGraceMs: 0,
        sweepIntervalMs: 50,
      });
      const stuck = await storedRow('pending', new Date(Date.now() - 1_000));
      const stop = mailer.startSweeper();
      try {
        const job = await waitFor(
          () => sweepQueues.queue('notification').getJob(emailJobId(stuck)),
          'the sweeper to queue the pending row',
        );
        expect(job.data.messageId).toBe(stuck);
      } finally {
        await stop();
      }
      await db.delete(outboundEmails).where(eq(outboundEmails.id, stuck));
    } finally {
      await sweepQueues.close();
    }
  });

  it('queues nothing without SMTP: nothing could deliver it', async () => {
    const sweepQueues = registry();
    try {
      const mailer = createMailer({
        db,
        queues: sweepQueues,
        smtpUrl: undefined,
        from: 'x@example.test',
        logger: testLogger,
      });
      const stuck = await storedRow('pending', new Date(Date.now() - PENDING_EMAIL_GRACE_MS - 60_000));
      expect(await mailer.requeuePending()).toEqual({ requeued: 0 });
      expect(await sweepQueues.queue('notification').getJob(emailJobId(stuck))).toBeUndefined();
      await db.delete(outboundEmails).where(eq(outboundEmails.id, stuck));
    } finally {
      await sweepQueues.close();
    }
  });
});
