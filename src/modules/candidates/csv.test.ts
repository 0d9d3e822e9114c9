import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../platform/errors.ts';
import { parseCandidateCsv } from './csv.ts';

describe('parseCandidateCsv', () => {
  it('reads a header in any order and case, quoted fields with commas, quotes and line breaks, CRLF and a BOM', () => {
    const csv =
      '\uFEFFEmail,Full Name\r\nAda@Example.com,"Lovelace, Ada"\r\ngrace@example.com,"Grace ""Amazing"" Hopper"\r\n' +
      'alan@example.com,"Alan\nTuring"\r\n';
    expect(parseCandidateCsv(csv)).toEqual({
      candidates: [
        { line: 2, email: 'ada@example.com', name: 'Lovelace, Ada' },
        { line: 3, email: 'grace@example.com', name: 'Grace "Amazing" Hopper' },
        { line: 4, email: 'alan@example.com', name: 'Alan Turing' },
      ],
      errors: [],
    });
  });

  it('reports bad lines by their line number and keeps the good ones', () => {
    const csv = [
      'name,email',
      'Ada,ada@example.com',
      'Bob,not-an-email',
      ',carol@example.com',
      '',
      'Dan,',
      'Ada again,ADA@example.com',
      'Eve,eve@example.com',
    ].join('\n');
    const { candidates, errors } = parseCandidateCsv(csv);
    expect(candidates.map((c) => [c.line, c.email])).toEqual([
      [2, 'ada@example.com'],
      [8, 'eve@example.com'],
    ]);
    expect(errors).toEqual([
      { line: 3, email: 'not-an-email', message: '"not-an-email" is not an email address' },
      { line: 4, email: 'carol@example.com', message: 'the name is empty' },
      { line: 6, message: 'the email is empty' },
      { line: 7, email: 'ada@example.com', message: 'ada@example.com is already on line 2' },
    ]);
  });

  it('accepts semicolons and tabs, first and last name columns, and files without a header', () => {
    expect(
      parseCandidateCsv('First Name;Last Name;E-mail\nAda;Lovelace;ada@example.com\n').candidates,
    ).toEqual([{ line: 2, email: 'ada@example.com', name: 'Ada Lovelace' }]);
    expect(parseCandidateCsv('ada@example.com\tAda\nbob@example.com\tBob').candidates).toEqual([
      { line: 1, email: 'ada@example.com', name: 'Ada' },
      { line: 2, email: 'bob@example.com', name: 'Bob' },
    ]);
    // Addresses only: the name comes from the address.
    expect(parseCandidateCsv('grace.hopper@example.com\n').candidates).toEqual([
      { line: 1, email: 'grace.hopper@example.com', name: 'Grace Hopper' },
    ]);
  });

  it('refuses a whole file that cannot be read, saying why', () => {
    const problem = (csv: string) => {
      try {
        parseCandidateCsv(csv, { maxCandidates: 3 });
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        return (error as Error).message;
      }
      return 'no error';
    };
    expect(problem('')).toMatch(/no candidates/);
    expect(problem('name,phone\nAda,123')).toMatch(/No email column/);
    expect(problem('name,email\n')).toMatch(/header but no candidates/);
    expect(problem('name,email\nAda,"ada@example.com\n')).toMatch(/Line 2: a quoted field is never closed/);
    expect(problem('a@x.io\nb@x.io\nc@x.io\nd@x.io')).toMatch(/4 candidates; at most 3/);
  });
});
