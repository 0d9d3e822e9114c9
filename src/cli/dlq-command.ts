/**
 * `interviewlm dlq list|stats|retry|retry-all|clear|discard`: the dead-letter admin API from the
 * command line. It calls the running platform's API (APP_URL, or --url) with OPERATOR_TOKEN, so
 * it works the same against `npm start`'s private Redis and a production deployment, and every
 * action is validated, recorded and audited in one place. Prints the API's JSON answer.
 */
import { parseArgs } from 'node:util';
import type { Config } from '../config/env.ts';
import { type AdminApiRequest, callAdminApi } from './admin-api.ts';

export const dlqUsage = `Usage:
  interviewlm dlq stats                                   per-queue counts and failure patterns
  interviewlm dlq list --queue Q [--limit N]              the dead jobs of a queue, newest first
  interviewlm dlq retry --queue Q --job ID                re-enqueue one job with fresh attempts
  interviewlm dlq retry-all --queue Q [--fingerprint F]   re-enqueue every dead job (of one pattern)
  interviewlm dlq discard --queue Q --job ID              mark one job as discarded
  interviewlm dlq clear --queue Q                         discard every dead job of a queue

Options: --url URL (default APP_URL, e.g. http://localhost:3000). Needs the platform running and
OPERATOR_TOKEN (or the one generated in DATA_DIR/secrets.json).`;

export class DlqUsageError extends Error {}

/** The HTTP request a dlq subcommand makes. Pure, so the argument handling is testable alone. */
export function dlqRequest(argv: string[]): AdminApiRequest {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      queue: { type: 'string' },
      job: { type: 'string' },
      limit: { type: 'string' },
      fingerprint: { type: 'string' },
      url: { type: 'string' },
    },
  });
  const [action, ...extra] = positionals;
  if (!action) throw new DlqUsageError('missing subcommand');
  if (extra.length > 0) throw new DlqUsageError(`unexpected argument "${extra[0]}"`);
  const need = (name: 'queue' | 'job') => {
    const value = values[name];
    if (!value) throw new DlqUsageError(`dlq ${action} needs --${name}`);
    return value;
  };
  const url = values.url ? { url: values.url } : {};
  switch (action) {
    case 'stats':
      return { method: 'GET', path: '/api/admin/dlq', ...url };
    case 'list': {
      const query = new URLSearchParams({
        queue: need('queue'),
        ...(values.limit ? { limit: values.limit } : {}),
      });
      return { method: 'GET', path: `/api/admin/dlq?${query}`, ...url };
    }
    case 'retry':
    case 'discard':
      return {
        method: 'POST',
        path: '/api/admin/dlq',
        body: { action, queue: need('queue'), jobId: need('job') },
        ...url,
      };
    case 'clear':
      return { method: 'POST', path: '/api/admin/dlq', body: { action, queue: need('queue') }, ...url };
    case 'retry-all':
      return {
        method: 'POST',
        path: '/api/admin/dlq',
        body: {
          action,
          queue: need('queue'),
          ...(values.fingerprint ? { fingerprint: values.fingerprint } : {}),
        },
        ...url,
      };
    default:
      throw new DlqUsageError(`unknown dlq subcommand "${action}"`);
  }
}

/** Runs the subcommand; resolves with the exit code (0 done, 1 refused or unreachable, 2 usage). */
export async function runDlqCommand(argv: string[], config: Config): Promise<number> {
  let request: ReturnType<typeof dlqRequest>;
  try {
    request = dlqRequest(argv);
  } catch (error) {
    process.stderr.write(`interviewlm dlq: ${(error as Error).message}\n\n${dlqUsage}\n`);
    return 2;
  }
  return callAdminApi(config, 'dlq', request);
}
