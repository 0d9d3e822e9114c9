/**
 * Outbound requests to URLs someone configured (alert webhooks, Slack, PagerDuty) must not become a
 * way into the platform's own network (SSRF). The rules of `outbound-address.ts` are applied twice:
 * on the URL as written (an IP literal, `localhost`), and inside the connection's own DNS lookup, on
 * every address the name resolves to at send time — so a name that resolved to a public address
 * when it was configured and to 127.0.0.1 now (DNS rebinding) is refused, and the address checked
 * is the address connected to. On-premises installations whose receivers live on a private network
 * opt out with ALERT_ALLOW_PRIVATE_TARGETS=true.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { assertAllowedUrl, BlockedTargetError, blockedAddressReason } from './outbound-address.ts';

export { assertAllowedUrl, BlockedTargetError, blockedAddressReason } from './outbound-address.ts';

type Resolver = (
  hostname: string,
  options: { all: true; family?: number },
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

/**
 * A `lookup` for net/http/https that resolves the name, refuses it when any of its addresses is
 * blocked, and hands the connection exactly the addresses it checked.
 */
export function guardedLookup(options: { allowPrivate: boolean; resolve?: Resolver }): LookupFunction {
  const resolve: Resolver =
    options.resolve ?? ((hostname, opts, callback) => dnsLookup(hostname, opts, callback));
  return ((
    hostname: string,
    lookupOptions: { family?: number; all?: boolean },
    callback: (...args: unknown[]) => void,
  ) => {
    const family = typeof lookupOptions?.family === 'number' ? lookupOptions.family : undefined;
    resolve(hostname, { all: true, ...(family ? { family } : {}) }, (error, addresses) => {
      if (error) return callback(error);
      if (!options.allowPrivate) {
        for (const { address } of addresses) {
          const reason = blockedAddressReason(address);
          if (reason) return callback(new BlockedTargetError(reason));
        }
      }
      if (addresses.length === 0)
        return callback(Object.assign(new Error('no address'), { code: 'ENOTFOUND' }));
      if (lookupOptions?.all) return callback(null, addresses);
      const [first] = addresses;
      return callback(null, first?.address, first?.family);
    });
  }) as LookupFunction;
}

/** What a guarded POST got back (the body is never read). */
export interface GuardedResponse {
  status: number;
  statusText: string;
}

/**
 * POSTs `body` to `url` through the guard: URL checks first, then every resolved address at
 * connection time. Redirects are not followed (the answer's status is returned as is).
 */
export function guardedPost(
  rawUrl: string,
  request: { headers: Record<string, string>; body: string; timeoutMs: number },
  options: { allowPrivate: boolean; resolve?: Resolver },
): Promise<GuardedResponse> {
  const url = assertAllowedUrl(rawUrl, options);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<GuardedResponse>((resolvePromise, reject) => {
    const outgoing = send(
      url,
      {
        method: 'POST',
        headers: { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) },
        lookup: guardedLookup(options),
        timeout: request.timeoutMs,
      },
      (response: IncomingMessage) => {
        // The answer's body is never needed: discard it without reading what it holds.
        response.resume();
        resolvePromise({ status: response.statusCode ?? 0, statusText: response.statusMessage ?? '' });
      },
    );
    outgoing.on('timeout', () =>
      outgoing.destroy(Object.assign(new Error('timed out'), { name: 'TimeoutError' })),
    );
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}
