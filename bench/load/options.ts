/**
 * The load bench's knobs: command-line flags (`--candidates 50`) win over environment variables
 * (`LOAD_CANDIDATES=50`, so `npm run bench -- load` can be sized too), which win over the defaults
 * of the issue (500 candidates for 10 minutes).
 */
import { parseArgs } from 'node:util';

/** Everything a run is parameterised by; stored in the JSON result as it was used. */
export interface LoadOptions {
  candidates: number;
  durationSeconds: number;
  recruiters: number;
  /** Candidates start at a random moment in [0, rampSeconds). */
  rampSeconds: number;
  /** Mean events per 2-second batch (each batch draws from 1 to 2 × mean − 1). */
  batchEvents: number;
  batchEverySeconds: number;
  runEverySeconds: number;
  chatEverySeconds: number;
  /** The browser autosaves ~800 ms after typing stops; 0 = no saves besides the one before each run. */
  saveEverySeconds: number;
  /** Every few seconds, each recruiter looks at one page. */
  recruiterEverySeconds: number;
  sampleEverySeconds: number;
  /** The fake model waits this long before it streams (a real one takes seconds to start). */
  llmDelayMs: number;
  /** `inline`: the API runs candidate code itself (the default); `queue`: through the workers. */
  sandboxMode: 'inline' | 'queue';
  /** Time allowed at the end for candidates to deliver events still pending. */
  drainSeconds: number;
  /** DATABASE_POOL_MAX of each platform process; 0 = the platform's default. */
  dbPool: number;
  /** Also fail (exit 1) when the latency or memory target is missed, not only on lost events or errors. */
  strict: boolean;
  /** Keep the database (for a look afterwards) instead of dropping it. */
  keepDatabase: boolean;
  adminDatabaseUrl: string;
  redisUrl: string;
  /** Where the JSON result goes. */
  resultsDir: string;
}

const numeric = {
  candidates: { env: 'LOAD_CANDIDATES', fallback: 500, min: 1 },
  duration: { env: 'LOAD_DURATION_SECONDS', fallback: 600, min: 10 },
  recruiters: { env: 'LOAD_RECRUITERS', fallback: 3, min: 0 },
  ramp: { env: 'LOAD_RAMP_SECONDS', fallback: -1, min: 0 },
  'batch-events': { env: 'LOAD_BATCH_EVENTS', fallback: 8, min: 1 },
  'batch-every': { env: 'LOAD_BATCH_EVERY_SECONDS', fallback: 2, min: 0.1 },
  'run-every': { env: 'LOAD_RUN_EVERY_SECONDS', fallback: 60, min: 3 },
  'chat-every': { env: 'LOAD_CHAT_EVERY_SECONDS', fallback: 90, min: 5 },
  'save-every': { env: 'LOAD_SAVE_EVERY_SECONDS', fallback: 20, min: 0 },
  'recruiter-every': { env: 'LOAD_RECRUITER_EVERY_SECONDS', fallback: 3, min: 0.5 },
  'sample-every': { env: 'LOAD_SAMPLE_EVERY_SECONDS', fallback: 10, min: 1 },
  'llm-delay': { env: 'LOAD_LLM_DELAY_MS', fallback: 400, min: 0 },
  drain: { env: 'LOAD_DRAIN_SECONDS', fallback: 30, min: 1 },
  'db-pool': { env: 'LOAD_DB_POOL', fallback: 0, min: 0 },
} as const;

export const loadUsage = `Usage: npx tsx bench/load.bench.ts [options]   (or: npm run bench -- load, sized by LOAD_* variables)

  --candidates N        simulated candidates (LOAD_CANDIDATES, default 500)
  --duration S          seconds of load after start-up (LOAD_DURATION_SECONDS, default 600)
  --recruiters N        recruiters browsing (LOAD_RECRUITERS, default 3)
  --ramp S              candidates start at random within S seconds (LOAD_RAMP_SECONDS, default min(30, duration/4))
  --batch-events N      mean events per batch (LOAD_BATCH_EVENTS, default 8)
  --batch-every S       seconds between event batches (LOAD_BATCH_EVERY_SECONDS, default 2)
  --run-every S         seconds between visible test runs (LOAD_RUN_EVERY_SECONDS, default 60)
  --chat-every S        seconds between AI chat messages (LOAD_CHAT_EVERY_SECONDS, default 90)
  --save-every S        seconds between autosaves of the solution, 0 = none (LOAD_SAVE_EVERY_SECONDS, default 20)
  --recruiter-every S   seconds between a recruiter's page views (LOAD_RECRUITER_EVERY_SECONDS, default 3)
  --sample-every S      seconds between memory samples (LOAD_SAMPLE_EVERY_SECONDS, default 10)
  --llm-delay MS        fake model's wait before streaming (LOAD_LLM_DELAY_MS, default 400)
  --drain S             seconds allowed at the end to deliver pending events (LOAD_DRAIN_SECONDS, default 30)
  --db-pool N           DATABASE_POOL_MAX of the API and the workers (LOAD_DB_POOL, default: the platform's, 10)
  --sandbox-mode M      inline (API runs code, default) | queue (workers run code) (LOAD_SANDBOX_MODE)
  --strict              also exit 1 when the p99 or memory target is missed (LOAD_STRICT=1)
  --keep-database       do not drop the database at the end (LOAD_KEEP_DATABASE=1)

  BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres; a database is created next
  to it), BENCH_REDIS_URL (default redis://127.0.0.1:6379; keys under a unique prefix, deleted at the end),
  LOAD_RESULTS_DIR (default bench/results).`;

function numberOption(
  name: keyof typeof numeric,
  flags: Record<string, string | boolean | undefined>,
  env: NodeJS.ProcessEnv,
): number {
  const spec = numeric[name];
  const raw = flags[name] ?? env[spec.env];
  if (raw === undefined || raw === '' || typeof raw === 'boolean') return spec.fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < spec.min) {
    throw new Error(`--${name} (${spec.env}) must be a number >= ${spec.min}, got ${String(raw)}`);
  }
  return value;
}

const truthy = (value: string | undefined) => value !== undefined && ['1', 'true', 'yes'].includes(value);

/** Parses `argv` (without node and the script) and `env`; throws with a readable message. */
export function parseLoadOptions(
  argv: string[],
  env: NodeJS.ProcessEnv,
  defaultResultsDir: string,
): LoadOptions {
  const { values } = parseArgs({
    args: argv,
    allowPositionals: false,
    options: {
      ...Object.fromEntries(Object.keys(numeric).map((name) => [name, { type: 'string' as const }])),
      'sandbox-mode': { type: 'string' },
      strict: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      'keep-database': { type: 'boolean' },
    },
  });
  const flags = values as Record<string, string | boolean | undefined>;
  if (flags.help) throw new Error('usage');
  const durationSeconds = numberOption('duration', flags, env);
  const ramp = numberOption('ramp', flags, env);
  const sandboxMode = (flags['sandbox-mode'] as string | undefined) ?? env.LOAD_SANDBOX_MODE ?? 'inline';
  if (sandboxMode !== 'inline' && sandboxMode !== 'queue') {
    throw new Error(`--sandbox-mode must be inline or queue, got ${sandboxMode}`);
  }
  return {
    candidates: Math.round(numberOption('candidates', flags, env)),
    durationSeconds,
    recruiters: Math.round(numberOption('recruiters', flags, env)),
    rampSeconds: ramp >= 0 ? ramp : Math.min(30, durationSeconds / 4),
    batchEvents: Math.round(numberOption('batch-events', flags, env)),
    batchEverySeconds: numberOption('batch-every', flags, env),
    runEverySeconds: numberOption('run-every', flags, env),
    chatEverySeconds: numberOption('chat-every', flags, env),
    saveEverySeconds: numberOption('save-every', flags, env),
    recruiterEverySeconds: numberOption('recruiter-every', flags, env),
    sampleEverySeconds: numberOption('sample-every', flags, env),
    llmDelayMs: numberOption('llm-delay', flags, env),
    drainSeconds: numberOption('drain', flags, env),
    dbPool: Math.round(numberOption('db-pool', flags, env)),
    sandboxMode,
    strict: flags.strict === true || truthy(env.LOAD_STRICT),
    keepDatabase: flags['keep-database'] === true || truthy(env.LOAD_KEEP_DATABASE),
    adminDatabaseUrl: env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
    redisUrl: env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379',
    resultsDir: env.LOAD_RESULTS_DIR || defaultResultsDir,
  };
}
