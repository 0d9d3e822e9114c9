/**
 * The `interviewlm` command: start | api | workers | migrate | seed. Thin: it parses arguments,
 * loads the configuration, calls the composition root and turns failures into exit codes.
 */

import path from 'node:path';
import { parseArgs } from 'node:util';
import { type Config, ConfigError, loadConfig } from '../config/env.ts';
import { type ProcessRole, type RunningPlatform, startPlatform } from '../main.ts';
import { seedDemoData } from '../modules/demo/index.ts';
import { seedQuestionBank } from '../modules/questions/index.ts';
import { type DatabaseHandle, openDatabase } from '../platform/db/client.ts';
import { ensureWebBuild } from '../platform/http/web-app.ts';
import { createLogger, type Logger } from '../platform/logger.ts';
import { parseQueueList, queueNames } from '../platform/queue/contracts.ts';
import { RedisNotAvailableError } from '../platform/redis/embedded-server.ts';
import { adminUsage, runAdminCommand } from './admin-command.ts';
import { creditsUsage, runCreditsCommand } from './credits-command.ts';
import { dlqUsage, runDlqCommand } from './dlq-command.ts';
import { execUsage, runExecCommand } from './exec-command.ts';
import { questionCacheUsage, runQuestionCacheCommand } from './question-cache-command.ts';

const usage = `Usage: interviewlm <command> [options]

Commands:
  start                 migrate, seed demo data into an empty database, run the API and all workers
  api                   run the HTTP API only (needs REDIS_URL)
  workers [--queues a,b] run job workers only (needs REDIS_URL); queues: ${queueNames.join(', ')}
  migrate               apply database migrations and exit
  seed                  load the demo data (skipped when it is already there) and exit
  exec ...              run a program in the sandbox and print the RunResult (see \`interviewlm exec --help\`)
  admin create --email E  make E a platform operator (creating the account if needed)
  credits grant --org O --amount N   add credits to an organization (see \`interviewlm credits --help\`)
  dlq ...               inspect and retry dead-lettered jobs of a running platform (see \`interviewlm dlq --help\`)
  question-cache ...    question cache statistics and clearing on a running platform (\`interviewlm question-cache --help\`)
  help                  show this text

Configuration comes from environment variables; see .env.example.`;

/** Where the demo owner's generated sign-in is written (readable by the installation's owner only). */
function demoCredentialsFile(config: Config): string {
  return path.join(config.dataDir, 'demo-credentials.txt');
}

/** Signals closer together than this are one request to stop, not a request to force it. */
const DUPLICATE_SIGNAL_WINDOW_MS = 1_000;

/** After the drain deadline, how long closing connections may take before the process just exits. */
const SHUTDOWN_GRACE_MS = 10_000;

/** Exit code for bad arguments, as for any command-line tool. */
const EXIT_USAGE = 2;

function fail(message: string, code = 1): never {
  process.stderr.write(`interviewlm: ${message}\n`);
  process.exit(code);
}

/** Runs a long-lived role until SIGTERM/SIGINT, then shuts down gracefully. */
async function runService(
  config: Config,
  role: ProcessRole,
  logger: Logger,
  workerQueues: string | undefined,
): Promise<void> {
  // Handlers go in before start-up so a signal during migrations still stops the process cleanly.
  let firstSignalAt: number | undefined;
  let platform: RunningPlatform | undefined;
  const webBuild = new AbortController();
  const shutDown = (running: RunningPlatform) => {
    webBuild.abort();
    // Past the drain deadline, closing connections gets a bounded grace period, then we leave.
    setTimeout(() => {
      logger.error('shutdown did not finish in time; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs + SHUTDOWN_GRACE_MS).unref();
    running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (firstSignalAt !== undefined) {
      // Ctrl-C under `npm start` reaches us twice at once (from the terminal and from npm):
      // only a signal sent deliberately later means "stop waiting".
      if (Date.now() - firstSignalAt < DUPLICATE_SIGNAL_WINDOW_MS) return;
      logger.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    firstSignalAt = Date.now();
    logger.info(
      { signal },
      platform ? 'signal received' : 'signal received during start-up; stopping once started',
    );
    if (platform) shutDown(platform);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);

  // The browser app is built on first start, and again whenever web/ changed since the last build.
  // In the background: the API answers at once, and pages say "preparing…" until the build is in.
  if (role !== 'workers') {
    void ensureWebBuild({ logger, signal: webBuild.signal }).then(
      (build) => {
        if (build.status === 'unavailable')
          logger.warn({ reason: build.reason }, 'the web app could not be built; serving the API only');
      },
      (error: unknown) => {
        if (!webBuild.signal.aborted) logger.error({ err: error }, 'the web app build failed');
      },
    );
  }

  // Production installations get no demo organization unless an operator runs `interviewlm seed`.
  const seedDemo = role === 'all' && config.nodeEnv !== 'production';
  platform = await startPlatform({
    config,
    role,
    logger,
    ...(workerQueues ? { workerQueues: parseQueueList(workerQueues) } : {}),
    ...(seedDemo
      ? {
          afterMigrate: async (database: DatabaseHandle) => {
            await seedDemoData(database.db, {
              logger,
              onlyWhenEmpty: true,
              credentialsFile: demoCredentialsFile(config),
            });
          },
        }
      : {}),
  });
  if (firstSignalAt !== undefined) shutDown(platform);
}

async function runOnce(config: Config, action: 'migrate' | 'seed', logger: Logger): Promise<void> {
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, logger });
  try {
    await database.migrate();
    logger.info({ kind: database.kind }, 'database migrations applied');
    if (action === 'seed') {
      const bank = await seedQuestionBank(database.db, logger);
      process.stdout.write(
        `Question bank: ${bank.problems} problems, ${bank.created} rows created, ${bank.updated} updated\n`,
      );
      const result = await seedDemoData(database.db, {
        logger,
        onlyWhenEmpty: false,
        credentialsFile: demoCredentialsFile(config),
      });
      process.stdout.write(
        result.created
          ? `Demo data created; sign-in in ${demoCredentialsFile(config)}\n`
          : 'Demo data already present\n',
      );
    }
  } finally {
    await database.close();
  }
}

/** Entry point of the command. */
export async function main(argv: string[]): Promise<void> {
  if (argv[0] === 'admin') {
    if (argv.includes('--help') || argv.includes('-h')) {
      process.stdout.write(`${adminUsage}\n`);
      return;
    }
    try {
      const config = loadConfig();
      process.exit(
        await runAdminCommand(argv.slice(1), config, createLogger({ level: 'warn', destination: 2 })),
      );
    } catch (error) {
      if (error instanceof ConfigError) fail(error.message);
      throw error;
    }
  }
  if (argv[0] === 'credits') {
    if (argv.includes('--help') || argv.includes('-h')) {
      process.stdout.write(`${creditsUsage}\n`);
      return;
    }
    try {
      const config = loadConfig();
      process.exit(
        await runCreditsCommand(argv.slice(1), config, createLogger({ level: 'warn', destination: 2 })),
      );
    } catch (error) {
      if (error instanceof ConfigError) fail(error.message);
      throw error;
    }
  }
  if (argv[0] === 'exec') {
    if (argv.includes('--help') || argv.includes('-h')) {
      process.stdout.write(`${execUsage}\n`);
      return;
    }
    let config: Config;
    try {
      config = loadConfig();
    } catch (error) {
      if (error instanceof ConfigError) fail(error.message);
      throw error;
    }
    // Logs go to stderr so stdout carries only the RunResult JSON.
    const logger = createLogger({
      level: config.logLevel === 'info' ? 'warn' : config.logLevel,
      destination: 2,
    });
    process.exit(await runExecCommand(argv.slice(1), config, logger));
  }
  const operatorCommands = {
    dlq: { usage: dlqUsage, run: runDlqCommand },
    'question-cache': { usage: questionCacheUsage, run: runQuestionCacheCommand },
  } as const;
  const operatorCommand = operatorCommands[argv[0] as keyof typeof operatorCommands];
  if (operatorCommand) {
    if (argv.includes('--help') || argv.includes('-h')) {
      process.stdout.write(`${operatorCommand.usage}\n`);
      return;
    }
    try {
      process.exit(await operatorCommand.run(argv.slice(1), loadConfig()));
    } catch (error) {
      if (error instanceof ConfigError) fail(error.message);
      throw error;
    }
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { queues: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    fail(`${(error as Error).message}\n\n${usage}`, EXIT_USAGE);
  }
  const [command = 'help', ...extra] = parsed.positionals;
  if (parsed.values.help || command === 'help') {
    process.stdout.write(`${usage}\n`);
    return;
  }
  if (extra.length > 0) fail(`unexpected argument "${extra[0]}"\n\n${usage}`, EXIT_USAGE);
  const queues = parsed.values.queues;
  if (typeof queues === 'string' && command !== 'workers')
    fail('--queues applies only to `workers`', EXIT_USAGE);

  let logger: Logger | undefined;
  try {
    const config = loadConfig();
    logger = createLogger({ level: config.logLevel });
    switch (command) {
      case 'start':
      case 'api':
      case 'workers':
        if (typeof queues === 'string') parseQueueList(queues);
        await runService(
          config,
          command === 'start' ? 'all' : command,
          logger,
          typeof queues === 'string' ? queues : undefined,
        );
        return;
      case 'migrate':
      case 'seed':
        await runOnce(config, command, logger);
        return;
      default:
        fail(`unknown command "${command}"\n\n${usage}`, EXIT_USAGE);
    }
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    if (error instanceof RedisNotAvailableError) fail(error.message);
    if (error instanceof Error && /^Unknown queue/.test(error.message)) fail(error.message, EXIT_USAGE);
    if (logger) logger.fatal({ err: error }, 'could not start');
    fail(error instanceof Error ? error.message : String(error));
  }
}

await main(process.argv.slice(2));
