/**
 * Reads a candidate list exported from a spreadsheet or an ATS: RFC 4180 quoting (commas, quotes
 * and line breaks inside quoted fields), a comma, semicolon or tab separator (whichever the first
 * line uses), an optional UTF-8 BOM, CRLF or LF. A header row names the columns (email, name, or
 * first and last name, in any order, any case); without one the column holding an `@` is the
 * email and the first other column the name. Problems are reported per line, as a spreadsheet
 * shows it, so a person can fix exactly those rows. Pure.
 */
import { z } from 'zod';
import { ValidationError } from '../../platform/errors.ts';

/** Most candidates one upload may invite (the bulk limit). */
export const MAX_CSV_CANDIDATES = 200;

/** A candidate read from the file, with the line it started on. */
export interface CsvCandidate {
  line: number;
  email: string;
  name: string;
}

/** A line that could not be used, and why. */
export interface CsvRowError {
  line: number;
  email?: string;
  message: string;
}

interface CsvRecord {
  line: number;
  cells: string[];
}

const emailSchema = z.email();

/** Splits text into records; throws for an unclosed quote (nothing after it can be trusted). */
function records(text: string, separator: string): CsvRecord[] {
  const out: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let quoteLine = 1;
  let i = 0;
  const endRecord = () => {
    cells.push(cell);
    out.push({ line: recordLine, cells });
    cells = [];
    cell = '';
  };
  while (i < text.length) {
    const c = text.charAt(i);
    if (quoted) {
      if (c === '"') {
        if (text.charAt(i + 1) === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        if (c === '\n') line += 1;
        cell += c;
      }
      i += 1;
      continue;
    }
    if (c === '"' && cell.trim() === '') {
      quoted = true;
      quoteLine = line;
      cell = '';
    } else if (c === separator) {
      cells.push(cell);
      cell = '';
    } else if (c === '\r' && text.charAt(i + 1) === '\n') {
      // CRLF: the \n ends the record.
    } else if (c === '\n' || c === '\r') {
      endRecord();
      line += 1;
      recordLine = line;
    } else {
      cell += c;
    }
    i += 1;
  }
  if (quoted) {
    throw new ValidationError(`Line ${quoteLine}: a quoted field is never closed (a " is missing)`, [
      { path: 'csv', message: `line ${quoteLine}: unclosed quote` },
    ]);
  }
  if (cell !== '' || cells.length > 0) endRecord();
  return out;
}

/** The separator the first line uses most, outside quotes. */
function detectSeparator(text: string): string {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const unquoted = firstLine.replace(/"[^"]*"/g, '');
  const counts = [',', ';', '\t'].map((separator) => ({
    separator,
    n: unquoted.split(separator).length - 1,
  }));
  const best = counts.sort((a, b) => b.n - a.n)[0];
  return best && best.n > 0 ? best.separator : ',';
}

const normalizeHeader = (value: string) => value.toLowerCase().replace(/[^a-z]/g, '');
const emailHeaders = new Set(['email', 'emailaddress', 'mail', 'candidateemail', 'emailid']);
const nameHeaders = new Set(['name', 'fullname', 'candidate', 'candidatename', 'displayname']);
const firstNameHeaders = new Set(['firstname', 'first', 'givenname', 'forename']);
const lastNameHeaders = new Set(['lastname', 'last', 'surname', 'familyname']);

interface Columns {
  email: number;
  name?: number;
  first?: number;
  last?: number;
}

function headerColumns(cells: string[]): Columns | undefined {
  const normalized = cells.map(normalizeHeader);
  const email = normalized.findIndex((cell) => emailHeaders.has(cell));
  if (email < 0) return undefined;
  const find = (names: Set<string>) => {
    const index = normalized.findIndex((cell) => names.has(cell));
    return index < 0 ? undefined : index;
  };
  const columns: Columns = { email };
  const name = find(nameHeaders);
  const first = find(firstNameHeaders);
  const last = find(lastNameHeaders);
  if (name !== undefined) columns.name = name;
  if (first !== undefined) columns.first = first;
  if (last !== undefined) columns.last = last;
  return columns;
}

/** Without a header: the column with an `@` holds the email, the first other non-empty one the name. */
function guessedColumns(cells: string[]): Columns | undefined {
  const email = cells.findIndex((cell) => cell.includes('@'));
  if (email < 0) return undefined;
  const name = cells.findIndex((cell, index) => index !== email && cell.trim() !== '');
  return name < 0 ? { email } : { email, name };
}

/** "ada.lovelace" → "Ada Lovelace": a name for lists that carry only addresses. */
function nameFromEmail(email: string): string {
  const local = email.split('@')[0] ?? email;
  return local
    .split(/[._+-]+/)
    .filter(Boolean)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join(' ');
}

/**
 * Parses a candidate CSV. Whole-file problems (nothing to read, no email column, an unclosed
 * quote, more than 200 candidates) throw a ValidationError; a bad line is reported in `errors`
 * and the good ones are returned.
 */
export function parseCandidateCsv(
  input: string,
  options: { maxCandidates?: number } = {},
): { candidates: CsvCandidate[]; errors: CsvRowError[] } {
  const max = options.maxCandidates ?? MAX_CSV_CANDIDATES;
  const text = input.replace(/^\uFEFF/, '');
  const all = records(text, detectSeparator(text)).filter((record) =>
    record.cells.some((cell) => cell.trim() !== ''),
  );
  const first = all[0];
  if (!first) {
    throw new ValidationError(
      'The file has no candidates: expected lines like "Ada Lovelace,ada@example.com"',
      [{ path: 'csv', message: 'empty' }],
    );
  }
  const header = headerColumns(first.cells);
  const columns = header ?? guessedColumns(first.cells);
  if (!columns) {
    throw new ValidationError(
      'No email column found: add a header row with "name" and "email", or put an address in each line',
      [{ path: 'csv', message: 'no email column' }],
    );
  }
  const rows = header ? all.slice(1) : all;
  if (rows.length === 0) {
    throw new ValidationError('The file has a header but no candidates', [
      { path: 'csv', message: 'no rows' },
    ]);
  }
  if (rows.length > max) {
    throw new ValidationError(
      `The file has ${rows.length} candidates; at most ${max} can be invited at once. Split it into several files`,
      [{ path: 'csv', message: `more than ${max} rows` }],
    );
  }
  const hasNameColumn =
    columns.name !== undefined || columns.first !== undefined || columns.last !== undefined;
  const candidates: CsvCandidate[] = [];
  const errors: CsvRowError[] = [];
  const seen = new Map<string, number>();
  for (const { line, cells } of rows) {
    const cell = (index: number | undefined) => (index === undefined ? '' : (cells[index] ?? '').trim());
    const rawEmail = cell(columns.email).replace(/^mailto:/i, '');
    const email = rawEmail.toLowerCase();
    if (!email) {
      errors.push({ line, message: 'the email is empty' });
      continue;
    }
    if (!emailSchema.safeParse(email).success || email.length > 254) {
      errors.push({ line, email: rawEmail, message: `"${rawEmail.slice(0, 100)}" is not an email address` });
      continue;
    }
    const name = hasNameColumn
      ? (cell(columns.name) || [cell(columns.first), cell(columns.last)].filter(Boolean).join(' ')).replace(
          /\s+/g,
          ' ',
        )
      : nameFromEmail(email);
    if (!name) {
      errors.push({ line, email, message: 'the name is empty' });
      continue;
    }
    if (name.length > 200) {
      errors.push({ line, email, message: 'the name is longer than 200 characters' });
      continue;
    }
    const earlier = seen.get(email);
    if (earlier !== undefined) {
      errors.push({ line, email, message: `${email} is already on line ${earlier}` });
      continue;
    }
    seen.set(email, line);
    candidates.push({ line, email, name });
  }
  return { candidates, errors };
}
