/** `interviewlm question-cache stats|clear [--difficulty D] [--language L]` against the running platform. */
import { parseArgs } from 'node:util';
import type { Config } from '../config/env.ts';
import { type AdminApiRequest, callAdminApi } from './admin-api.ts';

export const questionCacheUsage = `Usage:
  interviewlm question-cache stats                                   keys, questions, hit rate
  interviewlm question-cache clear [--difficulty D] [--language L]   clear all, or one difficulty/language

D: easy | medium | hard; L: python | javascript | typescript. Options: --url URL (default APP_URL).
Needs the platform running and OPERATOR_TOKEN (or the one generated in DATA_DIR/secrets.json).`;

/** The HTTP request of a subcommand (pure); throws with a usage message on bad arguments. */
export function questionCacheRequest(argv: string[]): AdminApiRequest {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { difficulty: { type: 'string' }, language: { type: 'string' }, url: { type: 'string' } },
  });
  const [action, ...extra] = positionals;
  if (extra.length > 0) throw new Error(`unexpected argument "${extra[0]}"`);
  const url = values.url ? { url: values.url } : {};
  if (action === 'stats') return { method: 'GET', path: '/api/admin/question-cache', ...url };
  if (action === 'clear') {
    if (values.difficulty && !['easy', 'medium', 'hard'].includes(values.difficulty)) {
      throw new Error(`--difficulty must be easy, medium or hard`);
    }
    if (values.language && !['python', 'javascript', 'typescript'].includes(values.language)) {
      throw new Error(`--language must be python, javascript or typescript`);
    }
    const query = new URLSearchParams({
      ...(values.difficulty ? { difficulty: values.difficulty } : {}),
      ...(values.language ? { language: values.language } : {}),
    });
    return {
      method: 'DELETE',
      path: `/api/admin/question-cache${query.size > 0 ? `?${query}` : ''}`,
      ...url,
    };
  }
  throw new Error(action ? `unknown question-cache subcommand "${action}"` : 'missing subcommand');
}

export async function runQuestionCacheCommand(argv: string[], config: Config): Promise<number> {
  let request: AdminApiRequest;
  try {
    request = questionCacheRequest(argv);
  } catch (error) {
    process.stderr.write(
      `interviewlm question-cache: ${(error as Error).message}\n\n${questionCacheUsage}\n`,
    );
    return 2;
  }
  return callAdminApi(config, 'question-cache', request);
}
