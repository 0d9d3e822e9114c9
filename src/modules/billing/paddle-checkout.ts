/**
 * Paddle.js in the browser: whether the checkout is configured (a client-side token), which Paddle
 * environment the token belongs to, and the exact Content-Security-Policy sources Paddle.js needs
 * there. Client-side tokens are public by design (they can only open checkouts and preview prices),
 * so the settings page receives the token. Pure.
 *
 * Hosts (Paddle Billing, Paddle.js v2): the loader is always https://cdn.paddle.com/paddle/v2/paddle.js
 * (Paddle: "always load Paddle.js directly from https://cdn.paddle.com/"); it then loads its
 * checkout code, stylesheet and images from the environment's CDN, opens the overlay checkout as
 * a frame on the environment's buy/create-checkout hosts (an error page on the CDN), and calls the
 * environment's API for price previews. Sandbox hosts carry a `sandbox-` prefix.
 */
import { z } from 'zod';

export const paddleEnvironments = ['sandbox', 'production'] as const;
export type PaddleEnvironment = (typeof paddleEnvironments)[number];

/** A Paddle client-side token: `test_…` for the sandbox, `live_…` for production (never an API key). */
export const PaddleClientTokenSchema = z
  .string()
  .regex(/^(test|live)_[A-Za-z0-9]{10,100}$/, 'must be a Paddle client-side token (test_… or live_…)');

/** What the settings page needs to open a Paddle checkout. */
export interface PaddleCheckoutSettings {
  clientToken: string;
  environment: PaddleEnvironment;
}

/**
 * The checkout settings of a client-side token, or undefined when none is configured (then no
 * Paddle source enters the policy and the settings page offers no online payment). The token's
 * prefix decides the environment, so the two can never disagree.
 */
export function paddleCheckoutSettings(clientToken: string | undefined): PaddleCheckoutSettings | undefined {
  if (clientToken === undefined || clientToken === '') return undefined;
  const token = PaddleClientTokenSchema.parse(clientToken);
  return { clientToken: token, environment: token.startsWith('test_') ? 'sandbox' : 'production' };
}

/** Content-Security-Policy sources per directive, to add to the web app's policy. */
export type PaddleCspSources = Record<
  'script-src' | 'style-src' | 'img-src' | 'connect-src' | 'frame-src',
  readonly string[]
>;

/** The sources Paddle.js needs in `environment`: explicit hosts only, no wildcard. */
export function paddleCspSources(environment: PaddleEnvironment): PaddleCspSources {
  const prefix = environment === 'sandbox' ? 'sandbox-' : '';
  const loader = 'https://cdn.paddle.com';
  const cdn = `https://${prefix}cdn.paddle.com`;
  return {
    'script-src': environment === 'sandbox' ? [loader, cdn] : [loader],
    'style-src': [cdn],
    'img-src': [cdn],
    'connect-src': [`https://${prefix}api.paddle.com`],
    'frame-src': [cdn, `https://${prefix}buy.paddle.com`, `https://${prefix}create-checkout.paddle.com`],
  };
}
