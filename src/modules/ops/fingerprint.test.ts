import { describe, expect, it } from 'vitest';
import {
  errorFromStoredJob,
  failurePattern,
  fingerprintOf,
  normalizeMessage,
  topFrames,
} from './fingerprint.ts';

const stackAt = (file: string, line: number) =>
  `TypeError: boom\n    at loadSession (/srv/app/src/modules/agents/${file}:${line}:17)\n    at async processJob (/srv/app/node_modules/bullmq/dist/worker.js:${line + 3}:9)\n    at run (node:internal/process/task_queues:95:5)\n    at extra (/x/y.js:1:1)`;

describe('normalizeMessage', () => {
  it('removes uuids, timestamps, paths, long ids and numbers', () => {
    expect(
      normalizeMessage(
        'Session 3f1c2a9e-4b7d-4c1e-9a2b-0c8d7e6f5a4b not found at 2026-11-29T02:11:09.123Z in /var/lib/ilm/x.json after 3 tries (job 5f3a9c0e1b2d4f6a)',
      ),
    ).toBe('Session <uuid> not found at <time> in <path> after <n> tries (job <id>)');
  });

  it('keeps words and collapses whitespace', () => {
    expect(normalizeMessage('  rate   limited\n by provider ')).toBe('rate limited by provider');
  });
});

describe('fingerprintOf', () => {
  it('is the same for two occurrences of one problem and different for another class or place', () => {
    const a = {
      name: 'TypeError',
      message: 'no events for session 11111111-2222-4333-8444-555555555555 at seq 7',
      stack: stackAt('agent.ts', 10),
    };
    const b = {
      name: 'TypeError',
      message: 'no events for session 99999999-2222-4333-8444-555555555555 at seq 12',
      stack: stackAt('agent.ts', 99),
    };
    expect(fingerprintOf(a)).toBe(fingerprintOf(b));
    expect(fingerprintOf(a)).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprintOf({ ...a, name: 'RangeError' })).not.toBe(fingerprintOf(a));
    expect(fingerprintOf({ ...a, stack: stackAt('other.ts', 10) })).not.toBe(fingerprintOf(a));
    expect(fingerprintOf({ ...a, message: 'a different message' })).not.toBe(fingerprintOf(a));
  });

  it('uses the top three frames without paths or line numbers', () => {
    expect(topFrames(stackAt('agent.ts', 10))).toEqual([
      'loadSession (agent.ts)',
      'async processJob (worker.js)',
      'run (task_queues)',
    ]);
    expect(failurePattern({ name: 'Error', message: 'x 1' })).toBe('Error | x <n>');
  });
});

describe('errorFromStoredJob', () => {
  it('takes the class name from the stored stack and the message from failedReason', () => {
    expect(errorFromStoredJob('bad 1', ['UnrecoverableError: bad 1\n    at f (a.js:1:1)'])).toEqual({
      name: 'UnrecoverableError',
      message: 'bad 1',
      stack: 'UnrecoverableError: bad 1\n    at f (a.js:1:1)',
    });
    expect(errorFromStoredJob(undefined, undefined)).toEqual({ name: 'Error', message: '(no message)' });
  });
});
