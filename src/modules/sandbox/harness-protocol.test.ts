import { describe, expect, it } from 'vitest';
import { parseHarnessOutput } from './harness-protocol.ts';

const nonce = 'n0nce';
const line = (event: Record<string, unknown>) =>
  `${JSON.stringify({ nonce, stdout: '', durationMs: 1, ...event })}\n`;

describe('parseHarnessOutput', () => {
  it('collects test results in order', () => {
    const report = parseHarnessOutput(
      line({ i: 0, status: 'ok', value: [1, 2] }) + line({ i: 1, status: 'error', error: 'boom' }),
      nonce,
      2,
    );
    expect(report.tampered).toBeUndefined();
    expect(report.tests.get(0)?.value).toEqual([1, 2]);
    expect(report.tests.get(1)?.error).toBe('boom');
  });

  it('reports a load failure', () => {
    const report = parseHarnessOutput(
      line({ i: -1, status: 'compile_error', error: 'SyntaxError' }),
      nonce,
      3,
    );
    expect(report.loadFailure?.status).toBe('compile_error');
    expect(report.tests.size).toBe(0);
  });

  it('ignores a partial last line left by a killed run', () => {
    const report = parseHarnessOutput(
      `${line({ i: 0, status: 'ok', value: 1 })}{"nonce":"n0nce","i":1,"sta`,
      nonce,
      2,
    );
    expect(report.tampered).toBeUndefined();
    expect(report.tests.size).toBe(1);
  });

  it('treats forged, duplicated, foreign or garbage lines as tampering', () => {
    const ok0 = line({ i: 0, status: 'ok', value: 1 });
    expect(parseHarnessOutput(ok0 + ok0, nonce, 2).tampered).toMatch(/out of order/);
    expect(parseHarnessOutput(line({ i: 1, status: 'ok', value: 1 }), nonce, 2).tampered).toMatch(
      /out of order/,
    );
    expect(
      parseHarnessOutput(
        `${JSON.stringify({ nonce: 'guess', i: 0, status: 'ok', value: 1, durationMs: 0 })}\n`,
        nonce,
        1,
      ).tampered,
    ).toMatch(/nonce/);
    expect(parseHarnessOutput('not json\n', nonce, 1).tampered).toMatch(/unreadable/);
    expect(parseHarnessOutput(line({ i: 5, status: 'ok', value: 1 }), nonce, 1).tampered).toBeDefined();
    expect(parseHarnessOutput(ok0 + line({ i: -1, status: 'load_error' }), nonce, 2).tampered).toMatch(
      /load failure/,
    );
  });
});
