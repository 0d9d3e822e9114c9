/**
 * One platform process for the load bench: `node --import tsx bench/load/platform-process.ts api`
 * (or `workers`), configured by its environment exactly like `interviewlm api` / `interviewlm
 * workers`. It calls the same `startPlatform` as the CLI; the only difference is that it does not
 * build the web app in the background (`ensureWebBuild` in src/cli/main.ts), because a Vite build
 * on the bench machine would take the CPU being measured and write dist/web into the working tree.
 * It tells its parent over IPC when it is ready, and stops gracefully on SIGTERM.
 */
import { loadConfig } from '../../src/config/env.ts';
import { type ProcessRole, type RunningPlatform, startPlatform } from '../../src/main.ts';
import { createLogger } from '../../src/platform/logger.ts';

const role = process.argv[2] as ProcessRole | undefined;
if (role !== 'api' && role !== 'workers') {
  process.stderr.write('usage: platform-process.ts api|workers\n');
  process.exit(2);
}

const config = loadConfig();
const logger = createLogger({ level: config.logLevel, name: `load-${role}` });
let platform: RunningPlatform | undefined;
let stopping = false;

const stop = () => {
  if (stopping) return;
  stopping = true;
  const running = platform;
  if (!running) process.exit(0);
  running.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    },
  );
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// The parent going away (the bench crashed) must not leave a server behind.
process.on('disconnect', stop);

try {
  platform = await startPlatform({ config, role, logger });
  process.send?.({ type: 'ready', url: platform.url ?? null });
  if (stopping) stop();
} catch (error) {
  logger.fatal({ err: error }, 'start-up failed');
  process.exit(1);
}
