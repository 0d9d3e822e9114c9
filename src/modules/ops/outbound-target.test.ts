/**
 * The SSRF guard of outbound deliveries: which addresses are refused, the URL checks, and the
 * connection-time lookup — a name is judged by what it resolves to when the request is sent, and
 * the connection goes to the address that was judged (a local receiver reached through a made-up
 * name proves it: no DNS server knows that name).
 */
import type { LookupAddress } from 'node:dns';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ipFamily } from './outbound-address.ts';
import {
  assertAllowedUrl,
  BlockedTargetError,
  blockedAddressReason,
  guardedPost,
} from './outbound-target.service.ts';

describe('blockedAddressReason', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.10', 'private'],
    ['169.254.169.254', 'link-local'],
    ['100.64.0.1', 'shared'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fd00::1', 'unique-local'],
    ['fc12:3456::1', 'unique-local'],
    ['fe80::1', 'link-local'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['64:ff9b::10.0.0.1', 'private'],
    ['ff02::1', 'multicast'],
  ])('refuses %s (%s)', (address, kind) => {
    expect(blockedAddressReason(address)).toMatch(new RegExp(kind));
  });

  it.each([
    '93.184.216.34',
    '172.15.255.255',
    '172.32.0.1',
    '192.169.0.1',
    '8.8.8.8',
    '2606:4700:4700::1111',
    '::ffff:93.184.216.34',
  ])('allows the public address %s', (address) => {
    expect(blockedAddressReason(address)).toBeUndefined();
  });
});

describe('ipFamily', () => {
  it('tells IPv4 and IPv6 literals from names and malformed addresses', () => {
    expect(ipFamily('10.0.0.1')).toBe(4);
    expect(ipFamily('::ffff:127.0.0.1')).toBe(6);
    expect(ipFamily('fe80::1%eth0')).toBe(6);
    for (const text of ['256.1.1.1', '1.2.3', 'example.com', '1:2:3:4:5:6:7:8:9', '', '::ffff:999.1.1.1'])
      expect(ipFamily(text), text).toBe(0);
    // A name is not judged by its text: it is resolved and its addresses are checked.
    expect(blockedAddressReason('localhost')).toBe('not an IP address');
  });
});

describe('assertAllowedUrl', () => {
  it('refuses literal private targets, localhost names and other schemes', () => {
    for (const url of [
      'http://127.0.0.1:8080/hook',
      'http://[::1]/hook',
      'http://169.254.169.254/latest/meta-data/',
      'http://0.0.0.0/',
      'http://localhost:3000/',
      'http://api.localhost/',
      'http://[::ffff:7f00:1]/',
      'file:///etc/passwd',
      'gopher://example.com/',
    ]) {
      expect(() => assertAllowedUrl(url, { allowPrivate: false }), url).toThrow(BlockedTargetError);
    }
    expect(assertAllowedUrl('https://hooks.slack.com/services/T/B/x', { allowPrivate: false }).hostname).toBe(
      'hooks.slack.com',
    );
  });

  it('lets the operator allow private targets, never other schemes', () => {
    expect(assertAllowedUrl('http://10.0.0.5/hook', { allowPrivate: true }).hostname).toBe('10.0.0.5');
    expect(() => assertAllowedUrl('file:///etc/passwd', { allowPrivate: true })).toThrow(BlockedTargetError);
  });
});

describe('guardedPost', () => {
  let server: Server;
  let port: number;
  let hits = 0;

  beforeAll(async () => {
    server = createServer((request, response) => {
      hits += 1;
      request.resume();
      response.writeHead(204).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  /** A resolver that answers each lookup with the next address of `answers` (the last one repeats). */
  const resolverOf = (answers: string[]) => {
    let calls = 0;
    return (
      _hostname: string,
      _options: { all: true; family?: number },
      callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
    ) => {
      const address = answers[Math.min(calls, answers.length - 1)] ?? '';
      calls += 1;
      callback(null, [{ address, family: address.includes(':') ? 6 : 4 }]);
    };
  };
  const request = { headers: { 'content-type': 'application/json' }, body: '{}', timeoutMs: 5_000 };

  it('refuses a name that resolves to loopback at send time, before any byte is sent', async () => {
    const before = hits;
    const outcome = guardedPost(`http://receiver.example:${port}/hook`, request, {
      allowPrivate: false,
      resolve: resolverOf(['127.0.0.1']),
    });
    await expect(outcome).rejects.toBeInstanceOf(BlockedTargetError);
    expect(hits).toBe(before);
  });

  it('defeats DNS rebinding: public when first resolved, loopback at the next send → refused', async () => {
    const resolve = resolverOf(['203.0.113.10', '127.0.0.1']);
    // The first answer is judged public (the connection then fails or hangs: it is not awaited to the end).
    const first = guardedPost(
      `http://rebind.example:${port}/hook`,
      { ...request, timeoutMs: 200 },
      {
        allowPrivate: false,
        resolve,
      },
    ).catch((error: unknown) => error);
    expect(await first).not.toBeInstanceOf(BlockedTargetError);
    const before = hits;
    const second = guardedPost(`http://rebind.example:${port}/hook`, request, {
      allowPrivate: false,
      resolve,
    });
    await expect(second).rejects.toMatchObject({ code: 'EBLOCKEDTARGET', reason: 'loopback' });
    expect(hits).toBe(before);
  });

  it('with private targets allowed, connects to exactly the address its lookup returned', async () => {
    const before = hits;
    const answer = await guardedPost(`http://made-up-name.invalid:${port}/hook`, request, {
      allowPrivate: true,
      resolve: resolverOf(['127.0.0.1']),
    });
    expect(answer.status).toBe(204);
    expect(hits).toBe(before + 1);
  });
});
