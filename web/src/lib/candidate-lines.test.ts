import { describe, expect, it } from 'vitest';
import { MAX_BULK_CANDIDATES, nameFromEmail, parseCandidateLines } from './candidate-lines.ts';

describe('the list of people to invite', () => {
  it('reads the usual ways to write a person', () => {
    const parsed = parseCandidateLines(
      [
        'name,email',
        'Ada Lovelace <Ada@Example.com>',
        '"Grace Hopper", grace@example.com',
        'alan@example.com; Alan Turing',
        '',
        'edsger.dijkstra@example.com',
      ].join('\n'),
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.candidates).toEqual([
      { name: 'Ada Lovelace', email: 'ada@example.com' },
      { name: 'Grace Hopper', email: 'grace@example.com' },
      { name: 'Alan Turing', email: 'alan@example.com' },
      { name: 'Edsger Dijkstra', email: 'edsger.dijkstra@example.com' },
    ]);
  });

  it('reports lines it cannot read, and repeats, by line number', () => {
    const parsed = parseCandidateLines(
      'Ada <ada@example.com>\nno email here\nAda again, ADA@example.com\na@b.c, d@e.f',
    );
    expect(parsed.candidates).toHaveLength(1);
    expect(parsed.problems).toEqual([
      { line: 2, message: 'no email address on this line' },
      { line: 3, message: 'ada@example.com is already on line 1' },
      { line: 4, message: 'more than one email address on this line; put one person per line' },
    ]);
  });

  it('warns past the bulk limit', () => {
    const lines = Array.from({ length: MAX_BULK_CANDIDATES + 1 }, (_, index) => `p${index}@example.com`).join(
      '\n',
    );
    expect(parseCandidateLines(lines).problems.at(-1)?.message).toMatch(/at most 200/);
  });

  it('makes a name from an address', () => {
    expect(nameFromEmail('jean-luc.picard+test@example.com')).toBe('Jean Luc Picard Test');
  });
});
