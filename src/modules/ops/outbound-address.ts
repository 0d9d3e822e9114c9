/**
 * Which addresses outbound deliveries (alert webhooks, Slack, PagerDuty) must never reach — the
 * SSRF rules, pure: loopback, private (RFC 1918), carrier-grade NAT, link-local (169.254.0.0/16,
 * where cloud metadata services answer), unique-local IPv6, the unspecified address, multicast and
 * reserved ranges, including IPv4-mapped and NAT64 forms. `outbound-target.service.ts` applies them
 * to the URL as written and, at connection time, to every address the name resolves to.
 */

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** 4 or 6 when `text` is an IP address of that family, else 0 (like node:net's isIP, without I/O imports). */
export function ipFamily(text: string): 0 | 4 | 6 {
  if (IPV4.test(text)) return 4;
  if (text.includes(':') && /^[0-9a-f:.]+(%[\w.-]+)?$/i.test(text) && v6Groups(text)) return 6;
  return 0;
}

/** A target refused by the guard; its message names the kind of address, never the URL. */
export class BlockedTargetError extends Error {
  readonly code = 'EBLOCKEDTARGET';
  constructor(readonly reason: string) {
    super(`the target address is ${reason}`);
    this.name = 'BlockedTargetError';
  }
}

/** [first address as a number, prefix length, what it is]: the IPv4 ranges never reached. */
const blockedV4: Array<[string, number, string]> = [
  ['0.0.0.0', 8, 'unspecified ("this network")'],
  ['10.0.0.0', 8, 'private (RFC 1918)'],
  ['100.64.0.0', 10, 'shared address space (carrier-grade NAT)'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local (cloud metadata)'],
  ['172.16.0.0', 12, 'private (RFC 1918)'],
  ['192.0.0.0', 24, 'reserved (IETF protocol assignments)'],
  ['192.168.0.0', 16, 'private (RFC 1918)'],
  ['198.18.0.0', 15, 'reserved (benchmarking)'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];

function v4ToNumber(address: string): number {
  return address.split('.').reduce((sum, part) => sum * 256 + Number(part), 0);
}

function v4Reason(address: string): string | undefined {
  const value = v4ToNumber(address);
  for (const [start, bits, reason] of blockedV4) {
    const size = 2 ** (32 - bits);
    const first = v4ToNumber(start);
    if (value >= first && value < first + size) return reason;
  }
  return undefined;
}

/** The eight 16-bit groups of an IPv6 address (with or without an embedded dotted IPv4 tail). */
function v6Groups(address: string): number[] | undefined {
  let text = address.split('%')[0] ?? '';
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    if (!IPV4.test(dotted[1])) return undefined;
    const v4 = v4ToNumber(dotted[1]);
    text = `${text.slice(0, -dotted[1].length)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const parse = (part: string) => (part ? part.split(':').map((group) => Number.parseInt(group, 16)) : []);
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  const missing = 8 - left.length - right.length;
  if (tail === undefined ? missing !== 0 : missing < 0) return undefined;
  const groups = [...left, ...Array(missing).fill(0), ...right];
  return groups.every((group) => Number.isInteger(group) && group >= 0 && group <= 0xffff)
    ? groups
    : undefined;
}

function v6Reason(address: string): string | undefined {
  const groups = v6Groups(address);
  if (!groups) return 'not a valid IPv6 address';
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = groups;
  const embeddedV4 = `${g6 >> 8}.${g6 & 0xff}.${g7 >> 8}.${g7 & 0xff}`;
  if (groups.every((group) => group === 0)) return 'unspecified';
  if (groups.slice(0, 7).every((group) => group === 0) && g7 === 1) return 'loopback';
  // ::ffff:a.b.c.d (IPv4-mapped) and 64:ff9b::a.b.c.d (NAT64) reach the IPv4 address inside.
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0xffff) return v4Reason(embeddedV4);
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0)
    return v4Reason(embeddedV4);
  // ::a.b.c.d (IPv4-compatible, deprecated): never a legitimate receiver.
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0)
    return 'IPv4-compatible (deprecated)';
  if ((g0 & 0xfe00) === 0xfc00) return 'unique-local (fc00::/7)';
  if ((g0 & 0xffc0) === 0xfe80) return 'link-local (fe80::/10)';
  if ((g0 & 0xffc0) === 0xfec0) return 'site-local (fec0::/10, deprecated)';
  if ((g0 & 0xff00) === 0xff00) return 'multicast';
  return undefined;
}

/** Why `address` (an IP literal) must not be reached, or undefined when it is a public address. */
export function blockedAddressReason(address: string): string | undefined {
  const family = ipFamily(address);
  if (family === 4) return v4Reason(address);
  if (family === 6) return v6Reason(address);
  return 'not an IP address';
}

/** The host of a URL as `isIP` understands it (IPv6 literals lose their brackets). */
function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/**
 * Checks what can be checked without DNS: the scheme, an IP-literal host, `localhost` names. Throws
 * BlockedTargetError; the resolved addresses are checked at connection time by `guardedLookup`.
 */
export function assertAllowedUrl(rawUrl: string, options: { allowPrivate: boolean }): URL {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new BlockedTargetError('not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new BlockedTargetError('not http(s)');
  if (options.allowPrivate) return url;
  const host = hostOf(url).toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost'))
    throw new BlockedTargetError('loopback (localhost)');
  if (ipFamily(host)) {
    const reason = blockedAddressReason(host);
    if (reason) throw new BlockedTargetError(reason);
  }
  return url;
}
