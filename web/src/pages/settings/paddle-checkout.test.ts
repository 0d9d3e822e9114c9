/**
 * Paddle.js loading and initialization on fake document/window objects: the script comes from
 * Paddle's CDN once, the sandbox is selected for test tokens, Initialize runs once per page, and a
 * failed download can be retried.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import {
  openPaddleCheckout,
  PADDLE_JS_URL,
  type PaddleHost,
  type PaddleJs,
  resetPaddleForTests,
} from './paddle-checkout.ts';

const checkout = { items: [{ priceId: 'pri_1', quantity: 1 }], customData: { organization_id: 'org-1' } };

function fakeHost(outcome: 'load' | 'error' = 'load') {
  const calls: string[] = [];
  const scripts: string[] = [];
  let events: ((event: { name?: string }) => void) | undefined;
  const paddle: PaddleJs = {
    Environment: { set: (environment) => void calls.push(`environment:${environment}`) },
    // biome-ignore lint/correctness/noComponentHookFactories: Paddle.js names its methods in PascalCase; not a component.
    Initialize: (options) => {
      calls.push(`initialize:${options.token}`);
      events = options.eventCallback;
    },
    Checkout: { open: (options) => void calls.push(`open:${options.items[0]?.priceId}`) },
  };
  const host: PaddleHost = {
    window: {},
    document: {
      head: {
        appendChild: (node: Node) => {
          const script = node as unknown as { src: string; onload: () => void; onerror: () => void };
          scripts.push(script.src);
          queueMicrotask(() => {
            if (outcome === 'load') {
              host.window.Paddle = paddle;
              script.onload();
            } else script.onerror();
          });
          return node;
        },
      } as unknown as HTMLHeadElement,
      createElement: (() => ({})) as unknown as Document['createElement'],
    },
  };
  return { host, calls, scripts, fire: (name: string) => events?.({ name }) };
}

beforeEach(() => resetPaddleForTests());

describe('openPaddleCheckout', () => {
  it('loads Paddle.js from the CDN once, selects the sandbox for a test token and initializes once', async () => {
    const { host, calls, scripts, fire } = fakeHost();
    let completed = 0;
    const settings = { provider: 'paddle', environment: 'sandbox', clientToken: 'test_abc' } as const;
    await openPaddleCheckout(settings, checkout, () => completed++, host);
    await openPaddleCheckout(settings, checkout, () => completed++, host);
    expect(scripts).toEqual([PADDLE_JS_URL]);
    expect(calls).toEqual(['environment:sandbox', 'initialize:test_abc', 'open:pri_1', 'open:pri_1']);
    fire('checkout.loaded');
    fire('checkout.completed');
    expect(completed).toBe(1);
  });

  it('stays in production for a live token', async () => {
    const { host, calls } = fakeHost();
    await openPaddleCheckout(
      { provider: 'paddle', environment: 'production', clientToken: 'live_abc' },
      checkout,
      undefined,
      host,
    );
    expect(calls).toEqual(['initialize:live_abc', 'open:pri_1']);
  });

  it('reports a blocked download and tries again on the next click', async () => {
    const settings = { provider: 'paddle', environment: 'production', clientToken: 'live_abc' } as const;
    const failing = fakeHost('error');
    await expect(openPaddleCheckout(settings, checkout, undefined, failing.host)).rejects.toThrow(
      /could not be loaded/,
    );
    const working = fakeHost();
    await openPaddleCheckout(settings, checkout, undefined, working.host);
    expect(working.scripts).toEqual([PADDLE_JS_URL]);
  });
});
