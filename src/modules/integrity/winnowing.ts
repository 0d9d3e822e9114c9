/**
 * Code fingerprints for similarity between candidates (Schleimer, Wilkerson, Aiken: "Winnowing:
 * local algorithms for document fingerprinting", SIGMOD 2003 — the method behind MOSS). Source is
 * reduced to a token stream that survives the cheap disguises (renamed identifiers, edited
 * comments, string contents, whitespace and layout), hashed in k-grams of tokens, and winnowed:
 * from every window of `w` consecutive k-gram hashes the minimum is kept. Any shared run of at
 * least w + k - 1 tokens is then guaranteed to share a fingerprint, while the fingerprint set stays
 * about 2/(w+1) of the k-gram count. Pure.
 */
import { createHash } from 'node:crypto';

/** Languages a question can be offered in (mirrors the programming_language enum). */
export type SourceLanguage = 'python' | 'javascript' | 'typescript';

/**
 * Tag of the normalization + hashing scheme. It is part of every normalized hash, so rows stored by
 * an older scheme can be told apart (and ignored) instead of being compared with incompatible hashes.
 */
export const FINGERPRINT_VERSION = 'w1';

/** Tokens per k-gram: short enough to catch a copied statement, long enough that `V = V + N` alone means nothing. */
export const K_GRAM = 5;

/** Winnowing window (k-gram hashes): every common run of K_GRAM + WINDOW - 1 = 8 tokens is detected. */
export const WINDOW = 4;

// Placeholders: the disguises a copier uses are exactly what these erase.
const IDENT = 'V';
const NUMBER = 'N';
const STRING = 'S';

const PYTHON_KEYWORDS = new Set(
  (
    'False None True and as assert async await break class continue def del elif else except finally for ' +
    'from global if import in is lambda nonlocal not or pass raise return try while with yield match case'
  ).split(' '),
);

const JS_KEYWORDS = new Set(
  (
    'break case catch class const continue debugger default delete do else export extends finally for ' +
    'function if import in instanceof let new return super switch this throw try typeof var void while ' +
    'with yield async await of null undefined true false static get set ' +
    // TypeScript: structure words a copier does not rename.
    'interface type enum implements readonly keyof abstract private protected public declare namespace as'
  ).split(' '),
);

// `let`/`const`/`var` are interchangeable for a copier; one token keeps a swap from breaking k-grams.
const JS_DECLARATIONS = new Set(['let', 'const', 'var']);

// Longest first, so `===` is one token and not `==` + `=`.
const OPERATORS = [
  '>>>=',
  '...',
  '===',
  '!==',
  '**=',
  '//=',
  '<<=',
  '>>=',
  '>>>',
  '&&=',
  '||=',
  '??=',
  '==',
  '!=',
  '<=',
  '>=',
  '=>',
  '->',
  '**',
  '//',
  '&&',
  '||',
  '??',
  '?.',
  '++',
  '--',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '&=',
  '|=',
  '^=',
  '<<',
  '>>',
  ':=',
];

const PYTHON_STRING_PREFIX = /^(?:[rRuUbBfF]|[rR][bBfF]|[bBfF][rR])$/;

const isIdentStart = (c: string): boolean => /[A-Za-z_$]/.test(c) || c.charCodeAt(0) >= 0x80;
const isIdentPart = (c: string): boolean => isIdentStart(c) || /[0-9]/.test(c);

/** Index just past a quoted literal opened at `start` (quote `quote`, possibly tripled); tolerates an unterminated one. */
function skipQuoted(source: string, start: number, quote: string, triple: boolean): number {
  const close = triple ? quote.repeat(3) : quote;
  let i = start + close.length;
  while (i < source.length) {
    const c = source.charAt(i);
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (source.startsWith(close, i)) return i + close.length;
    // A single-quoted literal cannot span lines; stopping keeps a stray quote from eating the file.
    if (!triple && c === '\n' && quote !== '`') return i;
    i += 1;
  }
  return i;
}

/** Index just past a JavaScript template literal opened at `start`, skipping `${ ... }` parts (nested templates included). */
function skipTemplate(source: string, start: number): number {
  let i = start + 1;
  while (i < source.length) {
    const c = source.charAt(i);
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === '`') return i + 1;
    if (c === '$' && source.charAt(i + 1) === '{') {
      let depth = 1;
      i += 2;
      while (i < source.length && depth > 0) {
        const d = source.charAt(i);
        if (d === '`') {
          i = skipTemplate(source, i);
          continue;
        }
        if (d === "'" || d === '"') {
          i = skipQuoted(source, i, d, false);
          continue;
        }
        if (d === '{') depth += 1;
        else if (d === '}') depth -= 1;
        i += 1;
      }
      continue;
    }
    i += 1;
  }
  return i;
}

/**
 * The normalized token stream of `code`: comments dropped, every string literal one placeholder,
 * identifiers one placeholder, numbers one placeholder, keywords and operators kept, whitespace
 * and layout gone (and JavaScript's optional `;`).
 */
export function normalizeTokens(code: string, language: SourceLanguage): string[] {
  const python = language === 'python';
  const keywords = python ? PYTHON_KEYWORDS : JS_KEYWORDS;
  const tokens: string[] = [];
  const n = code.length;
  let i = 0;
  while (i < n) {
    const c = code.charAt(i);
    const next = code.charAt(i + 1);
    if (/\s/.test(c)) {
      i += 1;
    } else if (python && c === '#') {
      while (i < n && code.charAt(i) !== '\n') i += 1;
    } else if (!python && c === '/' && next === '/') {
      while (i < n && code.charAt(i) !== '\n') i += 1;
    } else if (!python && c === '/' && next === '*') {
      const end = code.indexOf('*/', i + 2);
      i = end === -1 ? n : end + 2;
    } else if (c === "'" || c === '"') {
      const triple = python && code.startsWith(c.repeat(3), i);
      i = skipQuoted(code, i, c, triple);
      tokens.push(STRING);
    } else if (!python && c === '`') {
      i = skipTemplate(code, i);
      tokens.push(STRING);
    } else if (isIdentStart(c)) {
      const start = i;
      while (i < n && isIdentPart(code.charAt(i))) i += 1;
      const word = code.slice(start, i);
      const after = code.charAt(i);
      if (python && (after === "'" || after === '"') && PYTHON_STRING_PREFIX.test(word)) {
        // f"..." / rb'...' is one string literal; its prefix is not an identifier.
        continue;
      }
      if (!python && JS_DECLARATIONS.has(word)) tokens.push('var');
      else tokens.push(keywords.has(word) ? word : IDENT);
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(next))) {
      while (i < n && /[\w.]/.test(code.charAt(i))) i += 1;
      tokens.push(NUMBER);
    } else {
      const operator = OPERATORS.find((op) => code.startsWith(op, i));
      // Python's `//` is floor division; in JavaScript it never reaches here (it starts a comment).
      const token = operator ?? c;
      i += token.length;
      if (!python && token === ';') continue;
      tokens.push(token);
    }
  }
  return tokens;
}

/** 32-bit FNV-1a of a string: a stable token hash that does not depend on Map order or the runtime. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** MurmurHash3's finalizer: spreads a combined hash so the window minimum is not biased by token order. */
function mix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Unsigned 32-bit hashes of every k-gram of `tokens` (one hash of the whole stream when it is shorter than k). */
export function kGramHashes(tokens: readonly string[], k: number = K_GRAM): number[] {
  if (tokens.length === 0) return [];
  const tokenHashes = tokens.map(fnv1a);
  const count = Math.max(1, tokens.length - k + 1);
  const hashes: number[] = [];
  for (let start = 0; start < count; start += 1) {
    let h = 0;
    for (let j = start; j < Math.min(start + k, tokenHashes.length); j += 1) {
      h = (Math.imul(h, 31) + (tokenHashes[j] ?? 0)) >>> 0;
    }
    hashes.push(mix32(h));
  }
  return hashes;
}

/**
 * Robust winnowing: in each window of `w` hashes take the minimum, the rightmost one on ties, and
 * record it when its position differs from the last recorded one. Returns the sorted distinct hashes.
 */
export function winnow(hashes: readonly number[], w: number = WINDOW): number[] {
  if (hashes.length === 0) return [];
  const selected = new Set<number>();
  const windows = Math.max(1, hashes.length - w + 1);
  let lastPosition = -1;
  for (let start = 0; start < windows; start += 1) {
    const end = Math.min(start + w, hashes.length);
    let minPosition = start;
    for (let j = start; j < end; j += 1) {
      // `<=` keeps the rightmost minimum, so a run of equal hashes yields one fingerprint, not one per window.
      if ((hashes[j] ?? 0) <= (hashes[minPosition] ?? 0)) minPosition = j;
    }
    if (minPosition !== lastPosition) {
      selected.add(hashes[minPosition] ?? 0);
      lastPosition = minPosition;
    }
  }
  return [...selected].sort((a, b) => a - b);
}

/** The winnowing fingerprint set of `code` (sorted distinct unsigned 32-bit numbers). */
export function fingerprint(code: string, language: SourceLanguage): number[] {
  return winnow(kGramHashes(normalizeTokens(code, language)));
}

/** `FINGERPRINT_VERSION:` + sha256 of the normalized token stream: equal for submissions identical up to disguise. */
export function normalizedHash(code: string, language: SourceLanguage): string {
  // Tokens never contain a space, so the join is unambiguous.
  const digest = createHash('sha256').update(normalizeTokens(code, language).join(' ')).digest('hex');
  return `${FINGERPRINT_VERSION}:${digest}`;
}

/** Jaccard similarity |A ∩ B| / |A ∪ B| of two fingerprint sets (0 when both are empty); symmetric, in [0, 1]. */
export function similarity(a: readonly number[], b: readonly number[]): number {
  const left = new Set(a);
  const right = new Set(b);
  if (left.size === 0 && right.size === 0) return 0;
  let shared = 0;
  for (const value of left) if (right.has(value)) shared += 1;
  return shared / (left.size + right.size - shared);
}

/** `fingerprints` without the ones in `excluded` (e.g. the question's starter code, which every candidate shares). */
export function withoutFingerprints(fingerprints: readonly number[], excluded: readonly number[]): number[] {
  const drop = new Set(excluded);
  return fingerprints.filter((value) => !drop.has(value));
}
