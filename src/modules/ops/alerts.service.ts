/**
 * Alerts: a raised event becomes one `alert_deliveries` row per platform channel that wants it,
 * then one `notification` job per row; the worker calls `deliver`, which posts the body the
 * channel expects. The row's UNIQUE(channel_id, dedupe_key) is the cross-process dedupe; a Redis
 * counter per channel and hour is the rate limit. URLs and secrets never reach a log line or a
 * stored error: Slack and PagerDuty URLs are credentials themselves. Deliveries go through the
 * SSRF guard of outbound-target.service.ts (no loopback, private, link-local… targets, checked after DNS
 * resolution at send time) unless ALERT_ALLOW_PRIVATE_TARGETS is set.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { UnrecoverableError } from 'bullmq';
import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import type { AlertSettings } from '../../config/env.ts';
import type { Database } from '../../platform/db/client.ts';
import {
  type AlertChannel,
  type AlertChannelKind,
  alertChannels,
  alertDeliveries,
} from '../../platform/db/schema/index.ts';
import type { JsonObject } from '../../platform/db/schema/types.ts';
import type { Logger } from '../../platform/logger.ts';
import type { QueueRegistry } from '../../platform/queue/queues.ts';
import {
  type AlertEvent,
  AlertEventSchema,
  channelAcceptsEvent,
  dedupeKeyFor,
  formatGenericWebhook,
  formatPagerDuty,
  formatSlack,
} from './alert-message.ts';
import { assertAllowedUrl, BlockedTargetError, guardedPost } from './outbound-target.service.ts';

/** What one `raise` did, summed over the channels that wanted the event. */
export interface RaiseOutcome {
  /** Deliveries recorded and handed to the notification queue. */
  queued: number;
  /** Deliveries recorded but not sent: the channel reached ALERT_MAX_PER_HOUR. */
  suppressed: number;
  /** Channels that already had this fingerprint in the current dedupe window. */
  duplicate: number;
}

export interface AlertService {
  /** Mirrors the ALERT_* variables into the platform channels `env:webhook|slack|pagerduty`. */
  syncEnvironmentChannels(): Promise<void>;
  /** Records and queues the event for every enabled platform channel that wants it. Never throws. */
  raise(event: AlertEvent): Promise<RaiseOutcome>;
  /** Sends one stored delivery (the notification worker). Throws on failure so BullMQ retries. */
  deliver(deliveryId: string): Promise<void>;
}

/** A receiver that has not answered in this long counts as failed (and is retried). */
const DELIVERY_TIMEOUT_MS = 10_000;
/** Arbitrary constant: the advisory lock that serializes the env channel sync across processes. */
const CHANNEL_SYNC_LOCK_KEY = 727_002;
const HOUR_MS = 3_600_000;

/** The hex HMAC-SHA256 of `${timestamp}.${body}`, sent as `X-Signature: sha256=<hex>`. */
export function signWebhookBody(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/**
 * Checks an `X-Signature` header in constant time. With `toleranceSeconds`, also refuses a
 * timestamp further than that from `now` (a replayed request).
 */
export function verifyWebhookSignature(
  secret: string,
  timestamp: string,
  body: string,
  header: string | undefined,
  options: { toleranceSeconds?: number; now?: Date } = {},
): boolean {
  if (!header?.startsWith('sha256=') || !/^\d+$/.test(timestamp)) return false;
  if (options.toleranceSeconds !== undefined) {
    const nowSeconds = Math.floor((options.now ?? new Date()).getTime() / 1000);
    if (Math.abs(nowSeconds - Number(timestamp)) > options.toleranceSeconds) return false;
  }
  const expected = Buffer.from(signWebhookBody(secret, timestamp, body), 'hex');
  const given = Buffer.from(header.slice('sha256='.length), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A channel as configured by the environment; `undefined` when its variable is unset. */
interface EnvironmentChannel {
  name: string;
  kind: AlertChannelKind;
  config: { url: string; secret: string | null } | undefined;
}

function environmentChannels(settings: AlertSettings): EnvironmentChannel[] {
  return [
    {
      name: 'env:webhook',
      kind: 'webhook',
      config: settings.webhook && { url: settings.webhook.url, secret: settings.webhook.secret ?? null },
    },
    {
      name: 'env:slack',
      kind: 'slack',
      config: settings.slackWebhookUrl ? { url: settings.slackWebhookUrl, secret: null } : undefined,
    },
    {
      name: 'env:pagerduty',
      kind: 'pagerduty',
      config: settings.pagerDuty && { url: settings.pagerDuty.url, secret: settings.pagerDuty.routingKey },
    },
  ];
}

/** A failed delivery attempt; its message is safe to store and log (no URL, no secret). */
class DeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** An HTTP request ready to send; `body` is the exact string that was signed. */
interface OutgoingRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** Builds the request a channel expects for one stored delivery. */
export function buildDeliveryRequest(
  channel: Pick<AlertChannel, 'kind' | 'url' | 'secret'>,
  deliveryId: string,
  event: AlertEvent,
  now: Date,
): OutgoingRequest {
  const json = { 'Content-Type': 'application/json', 'User-Agent': 'InterviewLM-Alerts/1' };
  if (channel.kind === 'slack') {
    return { url: channel.url, headers: json, body: JSON.stringify(formatSlack(event)) };
  }
  if (channel.kind === 'pagerduty') {
    if (!channel.secret) throw new DeliveryError('PagerDuty channel has no routing key', true);
    return { url: channel.url, headers: json, body: JSON.stringify(formatPagerDuty(event, channel.secret)) };
  }
  const body = JSON.stringify(formatGenericWebhook(event, deliveryId));
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const headers: Record<string, string> = {
    ...json,
    'X-InterviewLM-Timestamp': timestamp,
    'X-InterviewLM-Delivery': deliveryId,
  };
  if (channel.secret) headers['X-Signature'] = `sha256=${signWebhookBody(channel.secret, timestamp, body)}`;
  return { url: channel.url, headers, body };
}

/** The event as jsonb stores it: details may hold Dates or undefined, which JSON turns into strings or drops. */
function asJson(event: AlertEvent): JsonObject {
  return JSON.parse(JSON.stringify(event)) as JsonObject;
}

/** Client errors other than these will fail the same way on every retry (bad URL, revoked key). */
const RETRYABLE_CLIENT_STATUSES = new Set([408, 425, 429]);

/** Describes a network failure by its code only: undici's messages can carry the host and port. */
function describeNetworkError(error: unknown): string {
  if (error instanceof BlockedTargetError) return `refused: ${error.message}`;
  if (error instanceof Error && error.name === 'TimeoutError') {
    return `no answer within ${DELIVERY_TIMEOUT_MS / 1000} s`;
  }
  // fetch (undici) puts the code on the cause; node:http on the error itself.
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  const own = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  const code = typeof cause?.code === 'string' ? cause.code : typeof own === 'string' ? own : undefined;
  return `network error${code ? `: ${code}` : ''}`;
}

/** Sends one request; resolves with the answer's status. */
type Sender = (request: OutgoingRequest) => Promise<{ status: number; statusText: string }>;

/** Through an injected fetch (tests): redirects are not followed, the body is never read. */
function fetchSender(fetcher: typeof fetch): Sender {
  return async (request) => {
    const response = await fetcher(request.url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      // A redirect would resend the alert (and its signature) to a host nobody configured.
      redirect: 'manual',
    });
    // Cancelling the body frees the connection without reading whatever it holds.
    await response.body?.cancel().catch(() => undefined);
    return { status: response.status, statusText: response.statusText };
  };
}

/** The default: node:http(s) with the SSRF guard on the URL and on every address it resolves to. */
function guardedSender(allowPrivate: boolean): Sender {
  return (request) =>
    guardedPost(
      request.url,
      { headers: request.headers, body: request.body, timeoutMs: DELIVERY_TIMEOUT_MS },
      { allowPrivate },
    );
}

async function post(send: Sender, request: OutgoingRequest): Promise<void> {
  let response: { status: number; statusText: string };
  try {
    response = await send(request);
  } catch (error) {
    // A blocked target stays blocked: retrying would only knock again.
    throw new DeliveryError(describeNetworkError(error), error instanceof BlockedTargetError);
  }
  if (response.status >= 200 && response.status < 300) return;
  const message = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`.slice(
    0,
    200,
  );
  const permanent =
    response.status >= 300 && response.status < 500 && !RETRYABLE_CLIENT_STATUSES.has(response.status);
  throw new DeliveryError(message, permanent);
}

/** Creates the alert service of one process. */
export function createAlertService(options: {
  db: Database;
  redis: Redis;
  queues: QueueRegistry;
  /** Redis key prefix (QUEUE_PREFIX); rate-limit counters live under `${prefix}:alerts:rate:`. */
  prefix: string;
  settings: AlertSettings;
  logger: Logger;
  /** Replaces the guarded sender (tests only: an injected fetch skips the SSRF guard). */
  fetch?: typeof fetch;
  now?: () => Date;
}): AlertService {
  const { db, redis, queues, prefix, settings } = options;
  const log = options.logger.child({ component: 'alerts' });
  const allowPrivate = settings.allowPrivateTargets === true;
  const send = options.fetch ? fetchSender(options.fetch) : guardedSender(allowPrivate);
  const now = options.now ?? (() => new Date());

  async function syncEnvironmentChannels(): Promise<void> {
    const wanted = environmentChannels(settings);
    await db.transaction(async (tx) => {
      // Processes starting together must not each insert the same env channel (no unique index on name).
      await tx.execute(sql`select pg_advisory_xact_lock(${CHANNEL_SYNC_LOCK_KEY})`);
      for (const channel of wanted) {
        const sameName = and(isNull(alertChannels.organizationId), eq(alertChannels.name, channel.name));
        if (!channel.config) {
          await tx.update(alertChannels).set({ enabled: false }).where(sameName);
          continue;
        }
        const values = { kind: channel.kind, ...channel.config, enabled: true };
        const updated = await tx
          .update(alertChannels)
          .set(values)
          .where(sameName)
          .returning({ id: alertChannels.id });
        if (updated.length === 0) await tx.insert(alertChannels).values({ name: channel.name, ...values });
      }
    });
    log.info(
      { channels: wanted.filter((channel) => channel.config).map((channel) => channel.name) },
      'alert channels from the environment synced',
    );
    // Said at start, not only at the first alert: a receiver the guard will refuse (the name only, never the URL).
    for (const channel of wanted) {
      if (!channel.config) continue;
      try {
        assertAllowedUrl(channel.config.url, { allowPrivate });
      } catch (error) {
        log.warn(
          { channel: channel.name, reason: (error as Error).message },
          'alert channel will be refused: set ALERT_ALLOW_PRIVATE_TARGETS=true for a receiver on a private network',
        );
      }
    }
  }

  /** Counts one alert against the channel's hourly budget; true when the budget is spent. */
  async function overHourlyLimit(channelId: string, at: Date): Promise<boolean> {
    const key = `${prefix}:alerts:rate:${channelId}:${Math.floor(at.getTime() / HOUR_MS)}`;
    const results = await redis
      .multi()
      .incr(key)
      .expire(key, 2 * 3_600)
      .exec();
    const [incrError, count] = results?.[0] ?? [new Error('rate-limit transaction was aborted'), 0];
    if (incrError) throw incrError;
    return Number(count) > settings.maxPerHour;
  }

  type ChannelResult = 'queued' | 'suppressed' | 'duplicate' | 'failed';

  async function raiseOnChannel(channel: AlertChannel, event: AlertEvent, at: Date): Promise<ChannelResult> {
    const [delivery] = await db
      .insert(alertDeliveries)
      .values({
        channelId: channel.id,
        fingerprint: event.fingerprint,
        dedupeKey: dedupeKeyFor(event.fingerprint, at, settings.dedupeWindowSeconds),
        payload: asJson(event),
      })
      .onConflictDoNothing({ target: [alertDeliveries.channelId, alertDeliveries.dedupeKey] })
      .returning({ id: alertDeliveries.id });
    if (!delivery) return 'duplicate';
    try {
      if (await overHourlyLimit(channel.id, at)) {
        await db
          .update(alertDeliveries)
          .set({ status: 'suppressed' })
          .where(eq(alertDeliveries.id, delivery.id));
        log.warn({ channel: channel.name, fingerprint: event.fingerprint }, 'alert suppressed: hourly limit');
        return 'suppressed';
      }
      await queues.enqueue(
        'notification',
        { version: 1, channel: 'alert', messageId: delivery.id },
        { jobId: `alert-${delivery.id}` },
      );
      return 'queued';
    } catch (error) {
      // Without its job the row would only block this fingerprint for the window: drop it so a later raise sends.
      await db
        .delete(alertDeliveries)
        .where(eq(alertDeliveries.id, delivery.id))
        .catch(() => undefined);
      log.error({ err: error, channel: channel.name, fingerprint: event.fingerprint }, 'alert not queued');
      return 'failed';
    }
  }

  async function raise(event: AlertEvent): Promise<RaiseOutcome> {
    const outcome: RaiseOutcome = { queued: 0, suppressed: 0, duplicate: 0 };
    try {
      const parsed = AlertEventSchema.parse(event);
      const at = now();
      const channels = await db
        .select()
        .from(alertChannels)
        .where(and(isNull(alertChannels.organizationId), eq(alertChannels.enabled, true)));
      const wanted = channels.filter((channel) =>
        channelAcceptsEvent(channel.filters, parsed, settings.criticalQueues),
      );
      const results = await Promise.all(wanted.map((channel) => raiseOnChannel(channel, parsed, at)));
      for (const result of results) if (result !== 'failed') outcome[result] += 1;
      if (outcome.queued > 0) {
        log.info({ fingerprint: parsed.fingerprint, ...outcome }, 'alert raised');
      }
    } catch (error) {
      log.error({ err: error, fingerprint: event.fingerprint }, 'alert could not be raised');
    }
    return outcome;
  }

  async function loadDelivery(deliveryId: string) {
    const [row] = await db
      .select({ delivery: alertDeliveries, channel: alertChannels })
      .from(alertDeliveries)
      .innerJoin(alertChannels, eq(alertChannels.id, alertDeliveries.channelId))
      .where(eq(alertDeliveries.id, deliveryId));
    return row;
  }

  async function recordAttempt(deliveryId: string, error: string | null): Promise<void> {
    const sent = error === null;
    await db
      .update(alertDeliveries)
      .set({
        attempts: sql`${alertDeliveries.attempts} + 1`,
        status: sent ? 'sent' : 'failed',
        error,
        ...(sent ? { sentAt: now() } : {}),
      })
      .where(and(eq(alertDeliveries.id, deliveryId), ne(alertDeliveries.status, 'sent')));
  }

  async function deliver(deliveryId: string): Promise<void> {
    const row = await loadDelivery(deliveryId);
    if (!row) {
      // The channel (and with it the delivery) was deleted: nothing left to send to.
      log.warn({ deliveryId }, 'alert delivery no longer exists');
      return;
    }
    const { delivery, channel } = row;
    if (delivery.status === 'sent' || delivery.status === 'suppressed') return;
    const context = {
      deliveryId,
      channel: channel.name,
      kind: channel.kind,
      fingerprint: delivery.fingerprint,
    };
    if (!channel.enabled) {
      await recordAttempt(deliveryId, 'channel disabled before delivery');
      log.info(context, 'alert not sent: channel disabled');
      return;
    }
    const event = AlertEventSchema.safeParse(delivery.payload);
    if (!event.success) {
      await recordAttempt(deliveryId, 'stored alert payload is invalid');
      throw new UnrecoverableError(`Alert delivery ${deliveryId} has an invalid payload`);
    }
    try {
      await post(send, buildDeliveryRequest(channel, deliveryId, event.data, now()));
    } catch (error) {
      // Anything unforeseen is retried: the stored error stays generic since its message may name the URL.
      const failure = error instanceof DeliveryError ? error : new DeliveryError('could not send', false);
      await recordAttempt(deliveryId, failure.message);
      log.warn(
        { ...context, attempt: delivery.attempts + 1, error: failure.message },
        'alert delivery failed',
      );
      throw failure.permanent ? new UnrecoverableError(`Alert delivery failed: ${failure.message}`) : failure;
    }
    await recordAttempt(deliveryId, null);
    log.info({ ...context, attempts: delivery.attempts + 1 }, 'alert delivered');
  }

  return { syncEnvironmentChannels, raise, deliver };
}
