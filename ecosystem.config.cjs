/**
 * PM2 process file: the HTTP API and the job workers as two supervised processes.
 *
 *   DATABASE_URL=postgres://... REDIS_URL=redis://... SESSION_SECRET=... \
 *     pm2 start ecosystem.config.cjs
 *
 * PM2 remembers the environment of the first start: after changing a variable use
 * `pm2 restart ecosystem.config.cjs --update-env`.
 *
 * `.cjs` because the package is `"type": "module"` and PM2 loads its process file with require().
 *
 * Health: PM2 has no HTTP health check. The seed's `healthCheck: { url, interval }` key is not a
 * PM2 option; PM2 ignores it silently. PM2 restarts a process only when it exits or passes
 * `max_memory_restart`. Point your own monitor (uptime checker, Prometheus blackbox exporter,
 * load balancer probe, cron + curl) at
 *   GET http://<host>:<PORT>/api/health/workers   (live workers and job counts per queue)
 *   GET http://<host>:<PORT>/api/health           (database, Redis and the queue verdict)
 * Both answer 200 when usable (healthy or degraded) and 503 when unhealthy.
 */

// Read from the shell running `pm2 start`, so credentials live in your environment or secret
// store, never in this file.
const { DATABASE_URL, REDIS_URL, SESSION_SECRET } = process.env;

// With two processes both values are required: without REDIS_URL neither process starts (they
// must share one Redis), and without DATABASE_URL both would open the same embedded PGlite
// database, which only one process may hold. Warn rather than throw so `pm2 stop|delete
// ecosystem.config.cjs` still work from a shell without them.
for (const [name, value] of Object.entries({ DATABASE_URL, REDIS_URL })) {
  if (!value) {
    process.stderr.write(
      `ecosystem.config.cjs: ${name} is not set; the api and workers processes need it ` +
        '(both processes must use the same PostgreSQL and Redis).\n',
    );
  }
}

const shared = {
  // Run the TypeScript sources through tsx, as `npm run api` does. An explicit `interpreter:
  // 'node'` is required: PM2 5.4 maps `.ts` scripts to `bun` by default. With a node interpreter
  // PM2 starts `node --import tsx <pm2>/ProcessContainerFork.js <args>`, which import()s the
  // script (the package is ESM), so tsx's loader is in place before src/cli/main.ts loads, and
  // `process.argv.slice(2)` is exactly `args`. (`script: 'bin/interviewlm.js'` works too; this
  // form keeps the same command line as the tests and the Dockerfile.)
  script: 'src/cli/main.ts',
  interpreter: 'node',
  interpreter_args: '--import tsx',
  // `--import tsx` is resolved from the working directory, so pin it to this checkout whatever
  // directory `pm2 start` is run from.
  cwd: __dirname,
  // Fork mode: the API and workers scale by adding processes (or machines), not by cluster mode,
  // which would run the command under PM2's cluster wrapper instead.
  exec_mode: 'fork',
  instances: 1,
  autorestart: true,
  // PM2 stops a process with SIGINT, then SIGKILL after kill_timeout (default only 1.6 s). The
  // platform waits up to SHUTDOWN_TIMEOUT_MS (default 30 s) for active jobs and requests, then
  // closes connections: give it that plus a margin. Raise both together.
  kill_timeout: 40_000,
  // A leak restarts the process (gracefully, through the same signal) instead of swapping.
  max_memory_restart: '1G',
  // Redis or PostgreSQL not up yet: back off (100 ms growing x1.5 up to 15 s) instead of
  // restarting in a tight loop.
  exp_backoff_restart_delay: 100,
};

/** `env` entries without the unset ones, so PM2 never passes a variable as empty. */
function definedOnly(values) {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
}

const sharedEnv = definedOnly({
  NODE_ENV: 'production',
  DATABASE_URL,
  REDIS_URL,
  // Both processes must sign and verify with one secret. When unset, each reads or creates
  // DATA_DIR/secrets.json, and two processes starting together on a fresh install can race.
  SESSION_SECRET,
});

module.exports = {
  apps: [
    {
      ...shared,
      name: 'interviewlm-api',
      args: 'api',
      env: {
        ...sharedEnv,
        PORT: process.env.PORT || '3000',
        // Behind a reverse proxy on the same machine keep `localhost`; set 0.0.0.0 to expose it.
        HOST: process.env.HOST || 'localhost',
      },
    },
    {
      ...shared,
      name: 'interviewlm-workers',
      // `workers --queues a,b` runs a subset; duplicate this entry to give a queue its own process.
      args: 'workers',
      env: { ...sharedEnv },
    },
  ],
};
