/**
 * The operator commands (`interviewlm dlq`, `interviewlm question-cache`) call the running
 * platform's admin API with OPERATOR_TOKEN, so they behave the same against `npm start`'s private
 * Redis and a production deployment, and every action is validated and audited in one place.
 */
import type { Config } from '../config/env.ts';

/** One admin API call; `url` overrides APP_URL. */
export interface AdminApiRequest {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  body?: object;
  url?: string;
}

/** Sends the request and prints the JSON answer; resolves with the exit code (0 ok, 1 refused or unreachable). */
export async function callAdminApi(
  config: Config,
  command: string,
  request: AdminApiRequest,
): Promise<number> {
  const base = (request.url ?? config.appUrl).replace(/\/+$/, '');
  let response: Response;
  try {
    response = await fetch(`${base}${request.path}`, {
      method: request.method,
      headers: {
        authorization: `Bearer ${config.operatorToken}`,
        ...(request.body ? { 'content-type': 'application/json' } : {}),
      },
      ...(request.body ? { body: JSON.stringify(request.body) } : {}),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    process.stderr.write(
      `interviewlm ${command}: cannot reach the platform at ${base} (${(error as Error).message}); is it running? Use --url to point elsewhere.\n`,
    );
    return 1;
  }
  process.stdout.write(`${await response.text()}\n`);
  return response.ok ? 0 : 1;
}
