/**
 * The only reader of `process.env`. One zod schema describes every variable; `loadConfig` reports
 * every problem at once, naming the variable, so an operator fixes them in one go.
 */
import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { type LlmSettings, PriceTableSchema, priceTable } from '../platform/llm/types.ts';

/** Empty strings in an env file mean "not set", not "set to nothing". */
const optionalString = z.preprocess((value) => (value === '' ? undefined : value), z.string().optional());

const port = z.coerce
  .number({ error: 'must be a port number between 1 and 65535' })
  .int('must be a whole number')
  .min(1, 'must be a port number between 1 and 65535')
  .max(65535, 'must be a port number between 1 and 65535');

const positiveInt = (fallback: number) =>
  z.preprocess(
    (value) => (value === '' || value === undefined ? fallback : value),
    z.coerce
      .number({ error: 'must be a whole number' })
      .int('must be a whole number')
      .positive('must be > 0'),
  );

const booleanFlag = z.preprocess(
  (value) => (value === '' || value === undefined ? 'false' : String(value).toLowerCase()),
  z.enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' }),
);

const connectionUrl = (protocols: string[]) =>
  z.preprocess(
    (value) => (value === '' ? undefined : value),
    z
      .string()
      .refine(
        (value) => {
          try {
            return protocols.includes(new URL(value).protocol);
          } catch {
            return false;
          }
        },
        `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
      )
      .optional(),
  );

/** An optional whole number > 0; unset (or empty) = undefined. */
const optionalPositiveInt = z.preprocess(
  (value) => (value === '' ? undefined : value),
  z.coerce
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .positive('must be > 0')
    .optional(),
);

/** LLM_PRICES: a JSON object of model id -> { inputPerMTok, outputPerMTok }, validated like the rest. */
const llmPrices = z.preprocess(
  (value) => (value === '' ? undefined : value),
  z
    .string()
    .transform((text, ctx) => {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        ctx.addIssue({
          code: 'custom',
          message: 'must be JSON like {"my-model":{"inputPerMTok":1,"outputPerMTok":5}}',
        });
        return z.NEVER;
      }
      const result = PriceTableSchema.safeParse(json);
      if (result.success) return result.data;
      // Name the model and field inside the JSON; the variable name alone would not say what to fix.
      for (const issue of result.error.issues) {
        ctx.addIssue({ code: 'custom', message: `${issue.path.join('.') || 'value'}: ${issue.message}` });
      }
      return z.NEVER;
    })
    .optional(),
);

/** Every environment variable the platform reads, with its default. `.env.example` mirrors this. */
export const EnvSchema = z.object({
  /** development | production | test; in production `start` seeds no demo organization. */
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** PostgreSQL connection string; unset = embedded PGlite under DATA_DIR. */
  DATABASE_URL: connectionUrl(['postgres:', 'postgresql:']),
  /** Redis connection string; unset = `start` runs a private redis-server under DATA_DIR. */
  REDIS_URL: connectionUrl(['redis:', 'rediss:']),
  /** Path of the redis-server binary for the private Redis; default: found on PATH. */
  REDIS_SERVER_BIN: optionalString,
  /** Prefix of every BullMQ key, so several installations can share one Redis. */
  QUEUE_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9_-]{1,40}$/, 'must be 1-40 letters, digits, _ or -')
    .default('interviewlm'),
  /** HTTP port. */
  PORT: z.preprocess((value) => (value === '' || value === undefined ? 3000 : value), port),
  /** Interface to listen on; `localhost` (both IPv4 and IPv6 loopback) by default, 0.0.0.0 in containers. */
  HOST: z.string().min(1).default('localhost'),
  /** pino log level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Where embedded data lives: PGlite database, private Redis, generated secrets. */
  DATA_DIR: z.string().min(1).default('.data'),
  /** Public base URL used in links sent to people (invitations, password resets). */
  APP_URL: connectionUrl(['http:', 'https:']),
  /** Secret for signing sessions and tokens (>= 32 chars); generated once under DATA_DIR when unset. */
  SESSION_SECRET: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.string().min(32, 'must be at least 32 characters').optional(),
  ),
  /** Trust X-Forwarded-* headers (set when behind a reverse proxy). */
  TRUST_PROXY: booleanFlag,
  /** Requests per minute per client IP before a 429. */
  RATE_LIMIT_PER_MINUTE: positiveInt(600),
  /** How long shutdown waits for active jobs to finish before forcing, in milliseconds. */
  SHUTDOWN_TIMEOUT_MS: positiveInt(30_000),
  /** PostgreSQL connections per process (each API and worker process has its own pool). */
  DATABASE_POOL_MAX: positiveInt(10),
  /** How long a query waits for a free pool connection before failing (answered as 503). */
  DATABASE_POOL_TIMEOUT_MS: positiveInt(5_000),
  /** Where the API runs candidate code: `inline` (its own sandbox pool) or `queue` (sandbox workers, anywhere). */
  SANDBOX_MODE: z.enum(['inline', 'queue']).default('inline'),
  /** Run candidate code WITHOUT isolation when no sandbox works. Development only; never in production. */
  SANDBOX_UNSAFE_DEV: booleanFlag,
  /** Python 3 interpreter used inside the sandbox (must live under /usr). */
  SANDBOX_PYTHON: z.string().min(1).default('/usr/bin/python3'),
  /** Node.js binary used inside the sandbox (must live under /usr); default: the one running the server. */
  SANDBOX_NODE: optionalString,
  /** Sandboxed runs at once in one process; default: the number of CPU cores. */
  SANDBOX_CONCURRENCY: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.coerce.number().int().positive().max(64).optional(),
  ),
  /** Runs allowed to wait for a free slot before new ones are refused with "busy, retry". */
  SANDBOX_QUEUE_LIMIT: positiveInt(100),
  /** First of the unprivileged uids the sandbox drops to when the server runs as root (one per slot). */
  SANDBOX_UID_BASE: positiveInt(61_000),
  /** Interview sessions holding a warm Python sandbox (zygote) for their test runs at once; beyond it the least recently used idle one goes. */
  SANDBOX_SESSION_SANDBOXES: z.coerce.number().int().positive().max(8_000).default(1_000),
  /** Seconds a session's warm Python sandbox lives without a test run. */
  SANDBOX_SESSION_IDLE_SECONDS: positiveInt(600),
  /** Bearer token of platform operators (/api/admin/*, /admin/queues, /metrics); generated under DATA_DIR when unset. */
  OPERATOR_TOKEN: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.string().min(32, 'must be at least 32 characters').optional(),
  ),
  /** Days a dead-lettered job stays in Redis (the database row stays DLQ_DB_RETENTION_DAYS). */
  DLQ_TTL_DAYS: positiveInt(30),
  /** Most dead-lettered jobs kept in Redis per queue; the oldest go first. */
  DLQ_MAX_ENTRIES: positiveInt(10_000),
  /** Days dead-letter rows and metrics samples stay in the database. */
  DLQ_DB_RETENTION_DAYS: positiveInt(180),
  /** Seconds between sweeps for failed jobs the dead-letter listener missed. */
  DLQ_SWEEP_INTERVAL_SECONDS: positiveInt(60),
  /** Generic alert webhook: receives JSON signed with ALERT_WEBHOOK_SECRET in X-Signature. */
  ALERT_WEBHOOK_URL: connectionUrl(['http:', 'https:']),
  /** HMAC-SHA256 key of the generic alert webhook's X-Signature header. */
  ALERT_WEBHOOK_SECRET: optionalString,
  /** Slack incoming-webhook URL for alerts. */
  ALERT_SLACK_WEBHOOK_URL: connectionUrl(['http:', 'https:']),
  /** PagerDuty Events API v2 routing (integration) key for alerts. */
  ALERT_PAGERDUTY_ROUTING_KEY: optionalString,
  /** PagerDuty Events API v2 endpoint. */
  ALERT_PAGERDUTY_URL: z
    .preprocess((value) => (value === '' ? undefined : value), z.url().optional())
    .default('https://events.pagerduty.com/v2/enqueue'),
  /** Queues whose dead-lettered jobs raise an alert (comma-separated); threshold alerts cover every queue. */
  ALERT_CRITICAL_QUEUES: z.string().default('interview-agent,evaluation-agent'),
  /** One alert per failure fingerprint per this many seconds. */
  ALERT_DEDUPE_WINDOW_SECONDS: positiveInt(3_600),
  /** Most alerts one channel receives per hour; more are recorded as suppressed. */
  ALERT_MAX_PER_HOUR: positiveInt(30),
  /** Let alert deliveries reach loopback, private and link-local addresses (on-premises receivers); default refused (SSRF). */
  ALERT_ALLOW_PRIVATE_TARGETS: booleanFlag,
  /** Seconds between samples of the metrics history (and threshold alert checks). */
  METRICS_SAMPLE_INTERVAL_SECONDS: positiveInt(60),
  /** Port on which a `workers`-only process serves /metrics (its job durations); unset = none. */
  METRICS_PORT: z.preprocess((value) => (value === '' ? undefined : value), port.optional()),
  /** SMTP server for outgoing email, e.g. smtp://user:pass@mail.example.com:587; unset = the development outbox. */
  SMTP_URL: connectionUrl(['smtp:', 'smtps:']),
  /** Sender address of outgoing email. */
  MAIL_FROM: z.string().min(3).default('InterviewLM <no-reply@interviewlm.local>'),
  /** Credits a new organization starts with. */
  TRIAL_CREDITS: z.preprocess(
    (value) => (value === '' || value === undefined ? 3 : value),
    z.coerce.number({ error: 'must be a whole number' }).int('must be a whole number').min(0, 'must be >= 0'),
  ),
  /** AI provider: anthropic | openai (any OpenAI-compatible server) | offline; default from the keys set. */
  LLM_PROVIDER: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.enum(['anthropic', 'openai', 'offline']).optional(),
  ),
  /** Anthropic API key; setting it selects Anthropic unless LLM_PROVIDER says otherwise. */
  ANTHROPIC_API_KEY: optionalString,
  /** Anthropic API base URL (a proxy or gateway); default https://api.anthropic.com. */
  ANTHROPIC_BASE_URL: connectionUrl(['http:', 'https:']),
  /** Claude model used when a call names none. */
  ANTHROPIC_MODEL: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.string().default('claude-sonnet-5-5'),
  ),
  /** OpenAI API key (optional for self-hosted OpenAI-compatible servers). */
  OPENAI_API_KEY: optionalString,
  /** OpenAI-compatible base URL ending in /v1 (vLLM, Ollama, LiteLLM ...); default https://api.openai.com/v1. */
  OPENAI_BASE_URL: connectionUrl(['http:', 'https:']),
  /** Model used with the OpenAI-compatible provider when a call names none. */
  OPENAI_MODEL: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.string().default('gpt-5.6-terra'),
  ),
  /** Milliseconds until the AI provider must start answering (and longest silence of a stream), per attempt. */
  LLM_TIMEOUT_MS: positiveInt(60_000),
  /** Retries of a failed AI call (429, 5xx, connection errors) by the SDK, honouring retry-after; 0 = none. */
  LLM_MAX_RETRIES: z.preprocess(
    (value) => (value === '' || value === undefined ? 2 : value),
    z.coerce
      .number({ error: 'must be a whole number' })
      .int('must be a whole number')
      .min(0, 'must be >= 0')
      .max(10, 'must be <= 10'),
  ),
  /** Tokens (input + output) one organization may use per UTC day; unset = unlimited. */
  LLM_ORG_DAILY_TOKEN_BUDGET: optionalPositiveInt,
  /** Tokens one interview session may use in total; unset = unlimited. */
  LLM_SESSION_TOKEN_BUDGET: optionalPositiveInt,
  /** JSON prices overriding or adding to the built-in table, USD per million tokens. */
  LLM_PRICES: llmPrices,
  /** Secret key of the Paddle Billing notification destination; unset = POST /api/webhooks/paddle refuses (503). */
  PADDLE_WEBHOOK_SECRET: optionalString,
  /** Paddle Billing client-side token for Paddle.js (test_… = sandbox, live_… = production); unset = no online checkout and no Paddle origin in the web app's CSP. */
  PADDLE_CLIENT_TOKEN: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z
      .string()
      .regex(
        /^(test|live)_[A-Za-z0-9]{10,100}$/,
        'must be a Paddle client-side token (test_… or live_…), never an API key',
      )
      .optional(),
  ),
});

export type Env = z.infer<typeof EnvSchema>;

/** The validated configuration every other part of the program receives. */
export interface Config {
  nodeEnv: Env['NODE_ENV'];
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  redisServerBin: string | undefined;
  queuePrefix: string;
  port: number;
  host: string;
  logLevel: Env['LOG_LEVEL'];
  dataDir: string;
  appUrl: string;
  sessionSecret: string;
  trustProxy: boolean;
  rateLimitPerMinute: number;
  shutdownTimeoutMs: number;
  /** The PostgreSQL pool of this process (DATABASE_POOL_MAX, DATABASE_POOL_TIMEOUT_MS). */
  databasePool: { max: number; connectionTimeoutMs: number };
  /** Directories of PATH, where helper binaries such as redis-server are looked for. */
  searchPath: string[];
  sandbox: {
    mode: 'inline' | 'queue';
    unsafeDev: boolean;
    python: string;
    node: string;
    concurrency: number;
    queueLimit: number;
    uidBase: number;
    sessionSandboxes: number;
    sessionIdleMs: number;
  };
  /** Bearer token of platform operators until accounts exist. */
  operatorToken: string;
  deadLetter: {
    ttlSeconds: number;
    maxEntries: number;
    dbRetentionDays: number;
    sweepIntervalMs: number;
  };
  alerts: AlertSettings;
  metricsSampleIntervalMs: number;
  /** Where a workers-only process serves /metrics. */
  metricsPort: number | undefined;
  mail: { smtpUrl: string | undefined; from: string };
  trialCredits: number;
  /** AI provider, models, timeouts, budgets and prices. */
  llm: LlmSettings;
  /** Verifies the Paddle-Signature of Paddle Billing webhooks; unset = the webhook refuses every call. */
  paddleWebhookSecret: string | undefined;
  /** Paddle.js client-side token (PADDLE_CLIENT_TOKEN); unset = no online checkout. */
  paddleClientToken: string | undefined;
}

/** Where alerts go and how often (channels from the environment; more can live in the database). */
export interface AlertSettings {
  webhook: { url: string; secret: string | undefined } | undefined;
  slackWebhookUrl: string | undefined;
  pagerDuty: { routingKey: string; url: string } | undefined;
  /** Queue names as configured; validated against the known queues at start. */
  criticalQueues: string[];
  dedupeWindowSeconds: number;
  maxPerHour: number;
  /** Deliveries may reach loopback/private/link-local addresses (ALERT_ALLOW_PRIVATE_TARGETS). */
  allowPrivateTargets: boolean;
}

/** Thrown when the environment is invalid; `problems` names each variable and what is wrong. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Values that may carry credentials are never echoed back, not even in an error message. */
function isSensitive(variable: string): boolean {
  return /SECRET|KEY|PASSWORD|TOKEN|_URL$/.test(variable);
}

/** Validates an environment; returns the parsed values or every problem found. Pure. */
export function parseEnv(env: Record<string, string | undefined>): Env {
  const result = EnvSchema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const variable = String(issue.path[0] ?? 'environment');
    const given = env[variable];
    const shown = given === undefined || isSensitive(variable) ? '' : ` (got "${given}")`;
    return `${variable}: ${issue.message}${shown}`;
  });
  throw new ConfigError(problems);
}

/**
 * Returns a secret from the environment, or the one generated on an earlier run and kept in
 * DATA_DIR/secrets.json, or generates, stores (mode 0600) and returns a new one.
 */
function resolveStoredSecret(dataDir: string, name: string, fromEnv: string | undefined): string {
  if (fromEnv) return fromEnv;
  const file = path.join(dataDir, 'secrets.json');
  let stored: Record<string, string> = {};
  try {
    stored = z.record(z.string(), z.string()).parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new ConfigError([`${name}: ${file} exists but is not valid; fix or delete it`]);
    }
  }
  const existing = stored[name];
  if (existing) return existing;
  const generated = randomBytes(48).toString('base64url');
  mkdirSync(dataDir, { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify({ ...stored, [name]: generated }, null, 2)}\n`, { mode: 0o600 });
  try {
    if (Object.keys(stored).length === 0) {
      // Two processes starting on a fresh DATA_DIR must end up with one secret: link() fails
      // when the file appeared meanwhile, and then the other process's secret wins.
      linkSync(temporary, file);
    } else {
      renameSync(temporary, file);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return resolveStoredSecret(dataDir, name, undefined);
  } finally {
    rmSync(temporary, { force: true });
  }
  return generated;
}

/** Reads and validates the process environment (or `env`), generating missing secrets once. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = parseEnv(env);
  const dataDir = path.resolve(parsed.DATA_DIR);
  const displayHost = parsed.HOST === '0.0.0.0' || parsed.HOST === '::' ? 'localhost' : parsed.HOST;
  return {
    nodeEnv: parsed.NODE_ENV,
    databaseUrl: parsed.DATABASE_URL,
    redisUrl: parsed.REDIS_URL,
    redisServerBin: parsed.REDIS_SERVER_BIN,
    queuePrefix: parsed.QUEUE_PREFIX,
    port: parsed.PORT,
    host: parsed.HOST,
    logLevel: parsed.LOG_LEVEL,
    dataDir,
    appUrl: (parsed.APP_URL ?? `http://${displayHost}:${parsed.PORT}`).replace(/\/+$/, ''),
    sessionSecret: resolveStoredSecret(dataDir, 'SESSION_SECRET', parsed.SESSION_SECRET),
    trustProxy: ['true', '1', 'yes'].includes(parsed.TRUST_PROXY),
    rateLimitPerMinute: parsed.RATE_LIMIT_PER_MINUTE,
    shutdownTimeoutMs: parsed.SHUTDOWN_TIMEOUT_MS,
    databasePool: { max: parsed.DATABASE_POOL_MAX, connectionTimeoutMs: parsed.DATABASE_POOL_TIMEOUT_MS },
    searchPath: (env.PATH ?? '').split(path.delimiter).filter(Boolean),
    sandbox: {
      mode: parsed.SANDBOX_MODE,
      unsafeDev: ['true', '1', 'yes'].includes(parsed.SANDBOX_UNSAFE_DEV),
      python: parsed.SANDBOX_PYTHON,
      node: parsed.SANDBOX_NODE ?? process.execPath,
      concurrency: parsed.SANDBOX_CONCURRENCY ?? Math.max(1, availableParallelism()),
      queueLimit: parsed.SANDBOX_QUEUE_LIMIT,
      uidBase: parsed.SANDBOX_UID_BASE,
      sessionSandboxes: parsed.SANDBOX_SESSION_SANDBOXES,
      sessionIdleMs: parsed.SANDBOX_SESSION_IDLE_SECONDS * 1000,
    },
    operatorToken: resolveStoredSecret(dataDir, 'OPERATOR_TOKEN', parsed.OPERATOR_TOKEN),
    deadLetter: {
      ttlSeconds: parsed.DLQ_TTL_DAYS * 24 * 60 * 60,
      maxEntries: parsed.DLQ_MAX_ENTRIES,
      dbRetentionDays: parsed.DLQ_DB_RETENTION_DAYS,
      sweepIntervalMs: parsed.DLQ_SWEEP_INTERVAL_SECONDS * 1000,
    },
    alerts: {
      webhook: parsed.ALERT_WEBHOOK_URL
        ? { url: parsed.ALERT_WEBHOOK_URL, secret: parsed.ALERT_WEBHOOK_SECRET }
        : undefined,
      slackWebhookUrl: parsed.ALERT_SLACK_WEBHOOK_URL,
      pagerDuty: parsed.ALERT_PAGERDUTY_ROUTING_KEY
        ? { routingKey: parsed.ALERT_PAGERDUTY_ROUTING_KEY, url: parsed.ALERT_PAGERDUTY_URL }
        : undefined,
      criticalQueues: parsed.ALERT_CRITICAL_QUEUES.split(',')
        .map((name) => name.trim())
        .filter(Boolean),
      dedupeWindowSeconds: parsed.ALERT_DEDUPE_WINDOW_SECONDS,
      maxPerHour: parsed.ALERT_MAX_PER_HOUR,
      allowPrivateTargets: ['true', '1', 'yes'].includes(parsed.ALERT_ALLOW_PRIVATE_TARGETS),
    },
    metricsSampleIntervalMs: parsed.METRICS_SAMPLE_INTERVAL_SECONDS * 1000,
    metricsPort: parsed.METRICS_PORT,
    mail: { smtpUrl: parsed.SMTP_URL, from: parsed.MAIL_FROM },
    trialCredits: parsed.TRIAL_CREDITS,
    llm: llmSettingsOf(parsed),
    paddleWebhookSecret: parsed.PADDLE_WEBHOOK_SECRET,
    paddleClientToken: parsed.PADDLE_CLIENT_TOKEN,
  };
}

/**
 * The LLM settings: the provider named, else the one whose credentials are set, else offline.
 * Throws a ConfigError when the provider named lacks what it needs to connect.
 */
function llmSettingsOf(parsed: Env): LlmSettings {
  const problems: string[] = [];
  if (parsed.LLM_PROVIDER === 'anthropic' && !parsed.ANTHROPIC_API_KEY) {
    problems.push('LLM_PROVIDER: anthropic needs ANTHROPIC_API_KEY');
  }
  if (parsed.LLM_PROVIDER === 'openai' && !parsed.OPENAI_API_KEY && !parsed.OPENAI_BASE_URL) {
    problems.push(
      'LLM_PROVIDER: openai needs OPENAI_API_KEY, or OPENAI_BASE_URL for a server that needs no key',
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const provider =
    parsed.LLM_PROVIDER ??
    (parsed.ANTHROPIC_API_KEY
      ? 'anthropic'
      : parsed.OPENAI_BASE_URL || parsed.OPENAI_API_KEY
        ? 'openai'
        : 'offline');
  return {
    provider,
    anthropic: {
      apiKey: parsed.ANTHROPIC_API_KEY,
      baseUrl: parsed.ANTHROPIC_BASE_URL,
      model: parsed.ANTHROPIC_MODEL,
    },
    openai: { apiKey: parsed.OPENAI_API_KEY, baseUrl: parsed.OPENAI_BASE_URL, model: parsed.OPENAI_MODEL },
    timeoutMs: parsed.LLM_TIMEOUT_MS,
    maxRetries: parsed.LLM_MAX_RETRIES,
    budgets: {
      organizationDailyTokens: parsed.LLM_ORG_DAILY_TOKEN_BUDGET,
      sessionTokens: parsed.LLM_SESSION_TOKEN_BUDGET,
    },
    prices: { ...priceTable, ...parsed.LLM_PRICES },
  };
}
