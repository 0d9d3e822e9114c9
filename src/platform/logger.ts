/** JSON logs through pino, with credentials redacted wherever they might appear. */
import { pino } from 'pino';

export type Logger = pino.Logger;

/** Paths pino blanks out so secrets never reach a log line. */
export const redactedPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.passwordHash',
  '*.token',
  '*.secret',
  '*.sessionSecret',
  '*.apiKey',
  '*.databaseUrl',
  '*.redisUrl',
];

/** Creates the root logger; every component derives a child with its own `component` field. */
export function createLogger(options: { level: string; name?: string; destination?: 1 | 2 }): Logger {
  return pino(
    {
      name: options.name ?? 'interviewlm',
      level: options.level,
      redact: { paths: redactedPaths, censor: '[redacted]' },
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    pino.destination(options.destination ?? 1),
  );
}
