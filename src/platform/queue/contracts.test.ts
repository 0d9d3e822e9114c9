import { describe, expect, it } from 'vitest';
import { parseQueueList, queueContracts, queueNames } from './contracts.ts';
import { jobOptionsFor } from './queues.ts';

describe('queue contracts', () => {
  it('defines the five queues of the platform with camelCase keys', () => {
    expect(queueNames).toEqual([
      'interview-agent',
      'evaluation-agent',
      'code-execution',
      'question-generation',
      'notification',
    ]);
    expect(queueNames.map((name) => queueContracts[name].key)).toEqual([
      'interviewAgent',
      'evaluationAgent',
      'codeExecution',
      'questionGeneration',
      'notification',
    ]);
  });

  it('requires a version in every payload', () => {
    const sessionId = '7f1c2a52-4f7e-4f0e-9a59-2f1b9f0f6d11';
    for (const name of queueNames) {
      const result = queueContracts[name].payload.safeParse({
        sessionId,
        runId: sessionId,
        messageId: sessionId,
      });
      expect(result.success, name).toBe(false);
    }
    expect(
      queueContracts['evaluation-agent'].payload.safeParse({ version: 1, sessionId, scoringVersion: 'v1' })
        .success,
    ).toBe(true);
    expect(
      queueContracts['evaluation-agent'].payload.safeParse({ version: 2, sessionId, scoringVersion: 'v1' })
        .success,
    ).toBe(false);
  });

  it('turns a policy into BullMQ options with exponential backoff, jitter and retention', () => {
    const options = jobOptionsFor(queueContracts['evaluation-agent'].policy);
    expect(options.attempts).toBe(3);
    expect(options.backoff).toEqual({ type: 'exponential', delay: 5_000, jitter: 0.5 });
    expect(options.removeOnComplete).toEqual({ count: 10_000, age: 30 * 86_400 });
    expect(options.removeOnFail).toEqual({ count: 10_000, age: 30 * 86_400 });
  });
});

describe('parseQueueList', () => {
  it('accepts known names, trims and de-duplicates', () => {
    expect(parseQueueList(' interview-agent,notification,interview-agent ')).toEqual([
      'interview-agent',
      'notification',
    ]);
  });

  it('names unknown queues and lists the known ones', () => {
    expect(() => parseQueueList('interview-agent,emails')).toThrow(
      /Unknown queue: emails\. Known queues: interview-agent/,
    );
    expect(() => parseQueueList(',')).toThrow(/none given/);
  });
});
