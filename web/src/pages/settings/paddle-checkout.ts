/**
 * Paddle.js on the settings page: loaded from Paddle's CDN only when someone buys (Paddle asks that
 * it always come from https://cdn.paddle.com, never self-hosted), set to the sandbox for `test_`
 * tokens, initialized once per page with the installation's client-side token, then asked to open
 * the overlay checkout. The server's Content-Security-Policy admits Paddle's hosts only when a
 * token is configured, which is also the only time the settings page offers the checkout.
 */
import type { CheckoutAnswer, CheckoutSettings } from '../../api/types.ts';

export const PADDLE_JS_URL = 'https://cdn.paddle.com/paddle/v2/paddle.js';

/** The part of Paddle.js (v2) this page uses. */
export interface PaddleJs {
  Environment: { set: (environment: 'sandbox') => void };
  Initialize: (options: { token: string; eventCallback?: (event: { name?: string }) => void }) => void;
  Checkout: { open: (options: CheckoutAnswer['checkout']) => void };
}

declare global {
  interface Window {
    Paddle?: PaddleJs;
  }
}

/** Where the script goes and where Paddle.js appears (the page's document and window; fakes in tests). */
export interface PaddleHost {
  document: Pick<Document, 'createElement' | 'head'>;
  window: { Paddle?: PaddleJs | undefined };
}

let loaded: Promise<PaddleJs> | undefined;
let initialized = false;
/** What to run when a checkout completes; the latest opener wins (one checkout at a time). */
let onCompleted: (() => void) | undefined;

function loadScript(host: PaddleHost): Promise<PaddleJs> {
  if (host.window.Paddle) return Promise.resolve(host.window.Paddle);
  return new Promise((resolve, reject) => {
    const script = host.document.createElement('script');
    script.src = PADDLE_JS_URL;
    script.async = true;
    script.onload = () =>
      host.window.Paddle
        ? resolve(host.window.Paddle)
        : reject(new Error('Paddle.js loaded but did not start'));
    script.onerror = () => {
      // Let a later click try again (a blocked or flaky network, an ad blocker).
      loaded = undefined;
      reject(new Error('Paddle.js could not be loaded (network, ad blocker, or Content-Security-Policy)'));
    };
    host.document.head.appendChild(script);
  });
}

/**
 * Opens Paddle's overlay checkout for `checkout` (from POST /api/credits/checkout); `completed`
 * runs when Paddle reports the payment done (the credits arrive with Paddle's webhook).
 */
export async function openPaddleCheckout(
  settings: CheckoutSettings,
  checkout: CheckoutAnswer['checkout'],
  completed?: () => void,
  host: PaddleHost = { document, window },
): Promise<void> {
  loaded ??= loadScript(host);
  const paddle = await loaded;
  onCompleted = completed;
  if (!initialized) {
    // Paddle.js may be initialized only once per page; the token and environment never change in one.
    if (settings.environment === 'sandbox') paddle.Environment.set('sandbox');
    paddle.Initialize({
      token: settings.clientToken,
      eventCallback: (event) => {
        if (event.name === 'checkout.completed') onCompleted?.();
      },
    });
    initialized = true;
  }
  paddle.Checkout.open({ items: checkout.items, customData: checkout.customData });
}

/** Forgets the loaded script and initialization (tests only: a page never needs it). */
export function resetPaddleForTests(): void {
  loaded = undefined;
  initialized = false;
  onCompleted = undefined;
}
