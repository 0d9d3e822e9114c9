/**
 * An automated accessibility check for end-to-end tests: axe-core (the devDependency, injected
 * from node_modules, no network) runs in the page as it is, and the test fails on the violations
 * a user is most likely to hit — impact "serious" or "critical" (missing names and labels, too
 * little contrast, broken ARIA). Minor and moderate findings are not asserted: they are mostly
 * best-practice rules (landmarks, heading order) that would make the run noisy without pointing at
 * a barrier.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { AxeResults, Result } from 'axe-core';
import type { Page } from 'playwright-core';

const axeScript = path.resolve('node_modules/axe-core/axe.min.js');
let axeSource: string | undefined;

/** The impacts that fail a check. */
const BLOCKING = new Set(['serious', 'critical']);

/** One violation, trimmed to what a failure message needs. */
export interface Violation {
  id: string;
  impact: string;
  help: string;
  helpUrl: string;
  /** CSS selectors of the offending nodes, each with axe's summary of what is wrong. */
  nodes: Array<{ target: string; summary: string }>;
}

/**
 * Runs axe on `page` (the whole document, every rule axe enables by default) and resolves with
 * its serious and critical violations. Injects axe once per document.
 *
 * Not with page.addScriptTag: it inserts an inline <script>, which the app's Content Security
 * Policy (script-src 'self') rightly refuses, and turning the CSP off (bypassCSP) would hide a
 * CSP regression from the whole run. Evaluating the source through the DevTools protocol is not
 * subject to the page's CSP.
 */
export async function seriousViolations(page: Page): Promise<Violation[]> {
  const loaded = await page.evaluate(() => 'axe' in globalThis);
  if (!loaded) {
    axeSource ??= readFileSync(axeScript, 'utf8');
    await page.evaluate(axeSource);
  }
  const results = await page.evaluate(() =>
    (globalThis as unknown as { axe: { run(options: object): Promise<AxeResults> } }).axe.run({
      resultTypes: ['violations'],
    }),
  );
  return results.violations
    .filter((violation: Result) => BLOCKING.has(violation.impact ?? ''))
    .map((violation: Result) => ({
      id: violation.id,
      impact: violation.impact ?? '',
      help: violation.help,
      helpUrl: violation.helpUrl,
      nodes: violation.nodes.map((node) => ({
        target: node.target.map(String).join(' '),
        summary: (node.failureSummary ?? '').replace(/\s+/g, ' ').trim(),
      })),
    }));
}

/** A readable list of violations for a failure message. */
export function formatViolations(pageName: string, violations: readonly Violation[]): string {
  if (violations.length === 0) return `${pageName}: no serious or critical violation`;
  const lines = violations.flatMap((violation) => [
    `[${violation.impact}] ${violation.id}: ${violation.help} (${violation.helpUrl})`,
    ...violation.nodes.slice(0, 10).map((node) => `    ${node.target} — ${node.summary}`),
    ...(violation.nodes.length > 10 ? [`    …and ${violation.nodes.length - 10} more`] : []),
  ]);
  return `${pageName}: ${violations.length} serious or critical accessibility violation(s)\n${lines.join('\n')}`;
}
