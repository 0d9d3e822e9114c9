/**
 * The "several candidates" box of the invite dialog, pure: one person per line, as
 * `Name <email>`, `Name, email`, `email, Name` or a bare email (the name is then taken from it).
 * Lines that cannot be read are reported with their number, before anything is sent.
 */

/** Most candidates one request may invite (candidates.schema.ts MAX_BULK_CANDIDATES). */
export const MAX_BULK_CANDIDATES = 200;

const EMAIL = /^[^\s@<>(),;]+@[^\s@<>(),;]+\.[^\s@<>(),;]+$/;

/** What the box holds: people to invite, and the lines that are not understood. */
export interface ParsedCandidateLines {
  candidates: Array<{ name: string; email: string }>;
  problems: Array<{ line: number; message: string }>;
}

/** A readable name from an address: `ada.lovelace@x.org` → `Ada Lovelace`. */
export function nameFromEmail(email: string): string {
  const local = email.split('@')[0] ?? email;
  const words = local
    .split(/[._+-]+/)
    .filter(Boolean)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1));
  return words.join(' ') || email;
}

function parseLine(text: string): { name: string; email: string } | string {
  const angle = /^(.*)<([^>]+)>\s*$/.exec(text);
  if (angle) {
    const email = (angle[2] ?? '').trim();
    const name = (angle[1] ?? '').trim().replace(/^"|"$/g, '').trim();
    if (!EMAIL.test(email)) return `"${email}" is not an email address`;
    return { name: name || nameFromEmail(email), email: email.toLowerCase() };
  }
  const parts = text
    .split(/[,;\t]/)
    .map((part) => part.trim().replace(/^"|"$/g, '').trim())
    .filter(Boolean);
  const emails = parts.filter((part) => EMAIL.test(part));
  if (emails.length === 0) return 'no email address on this line';
  if (emails.length > 1) return 'more than one email address on this line; put one person per line';
  const email = (emails[0] as string).toLowerCase();
  const name = parts.filter((part) => !EMAIL.test(part)).join(' ');
  return { name: name || nameFromEmail(email), email };
}

/** Reads the box; blank lines and a `name,email` header are skipped, repeated emails reported. */
export function parseCandidateLines(text: string): ParsedCandidateLines {
  const result: ParsedCandidateLines = { candidates: [], problems: [] };
  const seen = new Map<string, number>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (!trimmed) return;
    if (/^name\s*[,;\t]\s*e-?mail$/i.test(trimmed) || /^e-?mail\s*[,;\t]\s*name$/i.test(trimmed)) return;
    const parsed = parseLine(trimmed);
    if (typeof parsed === 'string') {
      result.problems.push({ line, message: parsed });
      return;
    }
    const first = seen.get(parsed.email);
    if (first !== undefined) {
      result.problems.push({ line, message: `${parsed.email} is already on line ${first}` });
      return;
    }
    seen.set(parsed.email, line);
    result.candidates.push(parsed);
  });
  if (result.candidates.length > MAX_BULK_CANDIDATES) {
    result.problems.push({
      line: 0,
      message: `${result.candidates.length} people listed; invite at most ${MAX_BULK_CANDIDATES} at a time`,
    });
  }
  return result;
}
