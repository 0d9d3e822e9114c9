/** The mailer: the development outbox without SMTP; delivery through a real SMTP conversation, retried. */
import { eq } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { type FakeSmtpServer, startFakeSmtpServer } from '../../../test/support/fake-smtp-server.ts';
import { testLogger } from '../../../test/support/logger.ts';
import { deleteKeysWithPrefix, uniquePrefix } from '../../../test/support/redis.ts';
import { testRedisUrl } from '../../../test/support/services.ts';
import { outboundEmails } from '../db/schema/index.ts';
import { createQueueRegistry, type QueueRegistry } from '../queue/queues.ts';
import { createMailer } from './mailer.ts';

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
