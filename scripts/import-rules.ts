// The dependency rules of docs/ARCHITECTURE.md as pure functions over in-memory sources, so they can be
// tested without a file tree; scripts/check-imports.ts is the thin CLI around them.
import { posix } from 'node:path';

export type RuleId = 'no-process-env' | 'module-boundary' | 'pure-logic' | 'no-web-import' | 'no-cycles';

export interface SourceFile {
  /** Repo-relative posix path, e.g. `src/modules/billing/billing.service.ts`. */
  readonly path: string;
  readonly source: string;
}

export interface Violation {
  readonly path: string;
  readonly line: number;
  readonly rule: RuleId;
  readonly message: string;
}

export type TokenKind = 'ident' | 'punct' | 'string' | 'template' | 'template-part' | 'number' | 'regex';

export interface Token {
  /** `template` is a template literal without substitutions; `template-part` is a piece of one with them. */
  readonly kind: TokenKind;
  readonly value: string;
  readonly line: number;
}

export interface ImportRef {
  readonly specifier: string;
  /** Line of the `import`/`export` keyword that starts the statement or expression. */
  readonly line: number;
  /** True when the edge is erased at compile time (`import type`, `export type`, type-level `import()`). */
  readonly typeOnly: boolean;
  readonly kind: 'import' | 'export' | 'dynamic' | 'require';
  /** Names taken from the target (`default`, `*`, or the exported name), for static imports only. */
  readonly names: readonly string[];
}

// After these keywords a `/` starts a regular expression rather than a division.
const REGEX_AFTER_KEYWORDS = new Set([
  'return',
  'typeof',
  'instanceof',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
  'case',
  'do',
  'else',
  'yield',
  'await',
]);

const isIdentStart = (c: string): boolean =>
  /[A-Za-z_$]/.test(c) || (c.charCodeAt(0) >= 0x80 && !/\s/.test(c));
const isIdentPart = (c: string): boolean => isIdentStart(c) || /[0-9]/.test(c);

/** Splits TypeScript source into tokens, dropping comments and keeping string and template literals whole. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  // Distinguishes a `}` that closes a block from one that resumes a template literal after `${`.
  const braces: Array<'brace' | 'template'> = [];
  const n = source.length;
  let i = 0;
  let line = 1;
  const push = (kind: TokenKind, value: string, at: number): void => {
    tokens.push({ kind, value, line: at });
  };

  const scanTemplate = (isHead: boolean): void => {
    const startLine = line;
    let text = '';
    while (i < n) {
      const c = source.charAt(i);
      if (c === '\\') {
        if (source.charAt(i + 1) === '\n') line++;
        text += source.slice(i, i + 2);
        i += 2;
        continue;
      }
      if (c === '`') {
        i++;
        push(isHead ? 'template' : 'template-part', text, startLine);
        return;
      }
      if (c === '$' && source.charAt(i + 1) === '{') {
        i += 2;
        braces.push('template');
        push('template-part', text, startLine);
        push('punct', '${', line);
        return;
      }
      if (c === '\n') line++;
      text += c;
      i++;
    }
    push('template-part', text, startLine);
  };

  const regexAllowed = (): boolean => {
    const prev = tokens[tokens.length - 1];
    if (!prev) return true;
    if (prev.kind === 'punct') return prev.value !== ')' && prev.value !== ']' && prev.value !== '}';
    if (prev.kind === 'ident') return REGEX_AFTER_KEYWORDS.has(prev.value);
    return false;
  };

  // Returns the index just past a regular expression literal starting at `i`, or -1 if the line ends first.
  const regexEnd = (): number => {
    let j = i + 1;
    let inClass = false;
    while (j < n) {
      const c = source.charAt(j);
      if (c === '\n') return -1;
      if (c === '\\') {
        j += 2;
        continue;
      }
      if (c === '[') inClass = true;
      else if (c === ']') inClass = false;
      else if (c === '/' && !inClass) {
        j++;
        while (j < n && /[A-Za-z]/.test(source.charAt(j))) j++;
        return j;
      }
      j++;
    }
    return -1;
  };

  while (i < n) {
    const c = source.charAt(i);
    const next = source.charAt(i + 1);
    if (c === '\n') {
      line++;
      i++;
    } else if (/\s/.test(c)) {
      i++;
    } else if ((c === '/' && next === '/') || (i === 0 && c === '#' && next === '!')) {
      while (i < n && source.charAt(i) !== '\n') i++;
    } else if (c === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      const stop = end === -1 ? n : end + 2;
      for (let k = i; k < stop; k++) if (source.charAt(k) === '\n') line++;
      i = stop;
    } else if (c === "'" || c === '"') {
      // An unescaped newline ends the literal: keeps a stray quote (e.g. an apostrophe in JSX text) from
      // swallowing the rest of the file.
      const startLine = line;
      let text = '';
      i++;
      while (i < n) {
        const d = source.charAt(i);
        if (d === '\\') {
          if (source.charAt(i + 1) === '\n') line++;
          text += source.slice(i, i + 2);
          i += 2;
          continue;
        }
        if (d === c || d === '\n') break;
        text += d;
        i++;
      }
      if (source.charAt(i) === c) i++;
      push('string', text, startLine);
    } else if (c === '`') {
      i++;
      scanTemplate(true);
    } else if (c === '{') {
      braces.push('brace');
      push('punct', c, line);
      i++;
    } else if (c === '}') {
      i++;
      if (braces.pop() === 'template') scanTemplate(false);
      else push('punct', c, line);
    } else if (c === '/' && regexAllowed() && regexEnd() !== -1) {
      const end = regexEnd();
      push('regex', source.slice(i, end), line);
      i = end;
    } else if (isIdentStart(c)) {
      const start = i;
      while (i < n && isIdentPart(source.charAt(i))) i++;
      push('ident', source.slice(start, i), line);
    } else if (/[0-9]/.test(c)) {
      const start = i;
      while (i < n && /[\w.]/.test(source.charAt(i))) i++;
      push('number', source.slice(start, i), line);
    } else {
      push('punct', c, line);
      i++;
    }
  }
  return tokens;
}

const isPunct = (t: Token | undefined, value: string): boolean => t?.kind === 'punct' && t.value === value;
const isIdent = (t: Token | undefined, value: string): boolean => t?.kind === 'ident' && t.value === value;
const isLiteral = (t: Token | undefined): t is Token => t?.kind === 'string' || t?.kind === 'template';

// Members of a module namespace read after `import('x')` in a type position (`import('x').Foo`); these
// three are the Promise methods a runtime dynamic import is followed by instead.
const PROMISE_METHODS = new Set(['then', 'catch', 'finally']);

function parseDynamicImport(tokens: readonly Token[], i: number, line: number): ImportRef | null {
  const arg = tokens[i + 2];
  const after = tokens[i + 3];
  if (!isLiteral(arg) || !(isPunct(after, ')') || isPunct(after, ','))) return null;
  const member = tokens[i + 5];
  const typeLevel =
    isIdent(tokens[i - 1], 'typeof') ||
    (isPunct(after, ')') &&
      isPunct(tokens[i + 4], '.') &&
      member?.kind === 'ident' &&
      !PROMISE_METHODS.has(member.value));
  return { specifier: arg.value, line, typeOnly: typeLevel, kind: 'dynamic', names: [] };
}

// Reads `{ a, b as c, type d }` starting at the `{`; returns the exported names and the index past `}`.
function parseNamedBindings(tokens: readonly Token[], open: number): { names: string[]; end: number } | null {
  const names: string[] = [];
  let segment: Token[] = [];
  const flush = (): void => {
    const [first, second] = segment;
    const named = isIdent(first, 'type') && second && !isIdent(second, 'as') ? second : first;
    if (named) names.push(named.value);
    segment = [];
  };
  for (let j = open + 1; j < tokens.length; j++) {
    const t = tokens[j];
    if (!t || isPunct(t, ';')) return null;
    if (isPunct(t, '}')) {
      flush();
      return { names, end: j + 1 };
    }
    if (isPunct(t, ',')) flush();
    else segment.push(t);
  }
  return null;
}

function parseStaticImport(tokens: readonly Token[], i: number, line: number): ImportRef | null {
  let j = i + 1;
  let typeOnly = false;
  const afterType = tokens[j + 1];
  // `import type from 'x'` and `import type, { a } from 'x'` import a default binding named `type`.
  if (
    isIdent(tokens[j], 'type') &&
    !(isIdent(afterType, 'from') && isLiteral(tokens[j + 2])) &&
    !isPunct(afterType, ',') &&
    !isPunct(afterType, '=')
  ) {
    typeOnly = true;
    j++;
  }
  const names: string[] = [];
  const first = tokens[j];
  if (first?.kind === 'ident' && !isIdent(first, 'from')) {
    names.push('default');
    j++;
    if (isPunct(tokens[j], '=')) {
      const arg = tokens[j + 3];
      if (isIdent(tokens[j + 1], 'require') && isPunct(tokens[j + 2], '(') && isLiteral(arg)) {
        return { specifier: arg.value, line, typeOnly, kind: 'require', names };
      }
      return null;
    }
    if (isPunct(tokens[j], ',')) j++;
  } else if (isIdent(first, 'from') && isIdent(tokens[j + 1], 'from')) {
    names.push('default');
    j++;
  }
  if (isPunct(tokens[j], '*')) {
    if (!isIdent(tokens[j + 1], 'as')) return null;
    names.push('*');
    j += 3;
  } else if (isPunct(tokens[j], '{')) {
    const bindings = parseNamedBindings(tokens, j);
    if (!bindings) return null;
    names.push(...bindings.names);
    j = bindings.end;
  }
  const specifier = tokens[j + 1];
  if (names.length === 0 || !isIdent(tokens[j], 'from') || !isLiteral(specifier)) return null;
  return { specifier: specifier.value, line, typeOnly, kind: 'import', names };
}

function parseExport(tokens: readonly Token[], i: number, line: number): ImportRef | null {
  let j = i + 1;
  let typeOnly = false;
  if (isIdent(tokens[j], 'type') && (isPunct(tokens[j + 1], '*') || isPunct(tokens[j + 1], '{'))) {
    typeOnly = true;
    j++;
  }
  if (isPunct(tokens[j], '*')) {
    j++;
    if (isIdent(tokens[j], 'as')) j += 2;
  } else if (isPunct(tokens[j], '{')) {
    const bindings = parseNamedBindings(tokens, j);
    if (!bindings) return null;
    j = bindings.end;
  } else {
    return null;
  }
  const specifier = tokens[j + 1];
  if (!isIdent(tokens[j], 'from') || !isLiteral(specifier)) return null;
  return { specifier: specifier.value, line, typeOnly, kind: 'export', names: [] };
}

/** Finds every import, re-export, `import x = require()` and literal dynamic `import()` in a token stream. */
export function parseImports(tokens: readonly Token[]): ImportRef[] {
  const refs: ImportRef[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t?.kind !== 'ident' || (t.value !== 'import' && t.value !== 'export')) continue;
    // `x.import(...)` is a method call, not a module reference.
    if (isPunct(tokens[i - 1], '.')) continue;
    let ref: ImportRef | null;
    if (t.value === 'export') ref = parseExport(tokens, i, t.line);
    else if (isPunct(tokens[i + 1], '(')) ref = parseDynamicImport(tokens, i, t.line);
    else if (isLiteral(tokens[i + 1])) {
      const specifier = tokens[i + 1]?.value ?? '';
      ref = { specifier, line: t.line, typeOnly: false, kind: 'import', names: [] };
    } else ref = parseStaticImport(tokens, i, t.line);
    if (ref) refs.push(ref);
  }
  return refs;
}

// Whether `process` at index i is destructured: `const { env } = process` or `{ env: e, ...rest } = process`.
function destructuresEnv(tokens: readonly Token[], i: number): boolean {
  if (!isPunct(tokens[i - 1], '=') || !isPunct(tokens[i - 2], '}')) return false;
  let depth = 0;
  for (let j = i - 2; j >= 0; j--) {
    const t = tokens[j];
    if (isPunct(t, '}')) depth++;
    else if (isPunct(t, '{')) {
      depth--;
      if (depth === 0) return false;
    } else if (depth === 1 && isIdent(t, 'env')) {
      const before = tokens[j - 1];
      const after = tokens[j + 1];
      const isKey = isPunct(before, '{') || isPunct(before, ',');
      if (
        isKey &&
        (isPunct(after, ',') || isPunct(after, '}') || isPunct(after, ':') || isPunct(after, '='))
      ) {
        return true;
      }
    }
  }
  return false;
}

/** Returns the lines that read `process.env` (dot, optional-chain, bracket or destructuring access). */
export function findProcessEnvReads(tokens: readonly Token[]): number[] {
  const lines: number[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (!t || !isIdent(t, 'process')) continue;
    // `foo.process.env` belongs to some other object; only the global `process` is the environment.
    if (isPunct(tokens[i - 1], '.')) {
      const owner = tokens[i - 2];
      if (!isIdent(owner, 'globalThis') && !isIdent(owner, 'global')) continue;
    }
    const a = tokens[i + 1];
    const b = tokens[i + 2];
    const c = tokens[i + 3];
    const dotted = isPunct(a, '.') && isIdent(b, 'env');
    const chained = isPunct(a, '?') && isPunct(b, '.') && isIdent(c, 'env');
    const bracketed = isPunct(a, '[') && isLiteral(b) && b.value === 'env' && isPunct(c, ']');
    if (dotted || chained || bracketed || destructuresEnv(tokens, i)) lines.push(t.line);
  }
  return lines;
}

const isRelative = (specifier: string): boolean =>
  specifier === '.' || specifier === '..' || specifier.startsWith('./') || specifier.startsWith('../');

/** Normalizes a path to the repo-relative posix form the rules compare against. */
export function normalizePath(path: string): string {
  const normalized = posix.normalize(path.replaceAll('\\', '/'));
  return normalized.startsWith('./') ? normalized.slice(2) : normalized;
}

/** Resolves a relative specifier against the importing file; returns null for package (bare) specifiers. */
export function resolveSpecifier(from: string, specifier: string, known: ReadonlySet<string>): string | null {
  if (!isRelative(specifier)) return null;
  const base = normalizePath(posix.join(posix.dirname(from), specifier));
  if (known.has(base)) return base;
  const candidates: string[] = [];
  const jsExtension = /\.(m?)js(x?)$/.exec(base);
  if (jsExtension) {
    const stem = base.slice(0, -jsExtension[0].length);
    candidates.push(`${stem}.${jsExtension[1] ?? ''}ts${jsExtension[2] ?? ''}`);
  } else if (!/\.[cm]?tsx?$/.test(base)) {
    candidates.push(`${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`);
  }
  const found = candidates.find((candidate) => known.has(candidate));
  if (found) return found;
  // Outside the known set an extensionless specifier is most likely a directory (a module's index.ts).
  return jsExtension || /\.[cm]?tsx?$/.test(base) ? base : `${base}/index.ts`;
}

/** Returns the package a bare specifier names: `@scope/pkg/sub` → `@scope/pkg`, `node:fs/promises` → `fs`. */
export function packageName(specifier: string): string {
  const bare = specifier.startsWith('node:') ? specifier.slice(5) : specifier;
  const parts = bare.split('/');
  return bare.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? bare);
}

// Node built-ins whose purpose is I/O; `node:path`, `node:crypto` and the like stay allowed in pure logic.
const NODE_IO_BUILTINS = new Set([
  'fs',
  'net',
  'http',
  'https',
  'http2',
  'tls',
  'child_process',
  'dgram',
  'worker_threads',
  'dns',
  'cluster',
]);

// Packages that talk to a database, queue, network or log sink.
const IO_PACKAGES = new Set([
  'pg',
  'ioredis',
  'bullmq',
  '@electric-sql/pglite',
  'drizzle-orm',
  'fastify',
  'undici',
  'nodemailer',
  'openai',
  '@anthropic-ai/sdk',
  'node-pty',
  'pino',
  'prom-client',
]);

const isIoPackage = (specifier: string): boolean => {
  const name = packageName(specifier);
  return NODE_IO_BUILTINS.has(name) || IO_PACKAGES.has(name) || name.startsWith('@fastify/');
};

// `.driver.ts` files adapt a module to the operating system (processes, cgroups, files).
const ROLE_SUFFIXES = [
  '.routes.ts',
  '.service.ts',
  '.repository.ts',
  '.worker.ts',
  '.jobs.ts',
  '.driver.ts',
  '.test.ts',
];

/** Returns the module folder name of a path under `src/modules/<name>/`, or null. */
export function moduleOf(path: string): string | null {
  const parts = path.split('/');
  return parts[0] === 'src' && parts[1] === 'modules' && parts.length >= 4 ? (parts[2] ?? null) : null;
}

/** Tells whether a file under src/modules holds pure logic (no role suffix, not index.ts) and so may do no I/O. */
export function isPureLogicFile(path: string): boolean {
  if (moduleOf(path) === null) return false;
  const name = posix.basename(path);
  if (!/\.m?ts$/.test(name) || name.endsWith('.d.ts') || name === 'index.ts') return false;
  return !ROLE_SUFFIXES.some((suffix) => name.endsWith(suffix));
}

// The specifier to write from `from` to reach `to`, in the project's style (relative, with extension).
function specifierBetween(from: string, to: string): string {
  const relative = posix.relative(posix.dirname(from), to);
  return relative.startsWith('.') ? relative : `./${relative}`;
}

interface ResolvedRef extends ImportRef {
  readonly resolved: string | null;
}

interface AnalyzedFile {
  readonly path: string;
  readonly refs: readonly ResolvedRef[];
  readonly envLines: readonly number[];
}

function checkProcessEnv(file: AnalyzedFile): Violation[] {
  const inWeb = file.path.startsWith('web/');
  if ((!inWeb && !file.path.startsWith('src/')) || file.path === 'src/config/env.ts') return [];
  const message = inWeb
    ? 'web/ code cannot read process.env; use import.meta.env (VITE_* variables) or fetch the value from the API'
    : 'only src/config/env.ts reads process.env; add the variable to the schema in src/config/env.ts and pass the loaded config in';
  const violations: Violation[] = file.envLines.map((line) => ({
    path: file.path,
    line,
    rule: 'no-process-env',
    message,
  }));
  for (const ref of file.refs) {
    if (packageName(ref.specifier) === 'process' && ref.resolved === null && ref.names.includes('env')) {
      violations.push({ path: file.path, line: ref.line, rule: 'no-process-env', message });
    }
  }
  return violations;
}

function checkModuleBoundary(file: AnalyzedFile): Violation[] {
  if (!file.path.startsWith('src/')) return [];
  const own = moduleOf(file.path);
  const layer = ['src/platform/', 'src/config/'].find((prefix) => file.path.startsWith(prefix));
  const violations: Violation[] = [];
  for (const ref of file.refs) {
    const target = ref.resolved ? moduleOf(ref.resolved) : null;
    if (!ref.resolved || target === null) continue;
    if (layer) {
      violations.push({
        path: file.path,
        line: ref.line,
        rule: 'module-boundary',
        message:
          `${layer.slice(0, -1)} must not import from src/modules (${ref.resolved}); it holds no business rules: ` +
          'accept an interface or callback here and wire the module to it in src/main.ts',
      });
      continue;
    }
    const index = `src/modules/${target}/index.ts`;
    if (target === own || ref.resolved === index) continue;
    violations.push({
      path: file.path,
      line: ref.line,
      rule: 'module-boundary',
      message:
        `${ref.resolved} is internal to module '${target}'; import from '${specifierBetween(file.path, index)}' ` +
        'instead (export what you need from that index.ts)',
    });
  }
  return violations;
}

function checkPureLogic(file: AnalyzedFile): Violation[] {
  if (!isPureLogicFile(file.path)) return [];
  const advice =
    'pure logic does no I/O: take the data as arguments and do the I/O in a .service.ts/.repository.ts, ' +
    'or give this file that role';
  const violations: Violation[] = [];
  for (const ref of file.refs) {
    if (ref.resolved?.startsWith('src/platform/') && ref.resolved !== 'src/platform/errors.ts') {
      violations.push({
        path: file.path,
        line: ref.line,
        rule: 'pure-logic',
        message: `pure-logic file imports ${ref.resolved} from src/platform/ (only src/platform/errors.ts is allowed); ${advice}`,
      });
    } else if (ref.resolved === null && isIoPackage(ref.specifier)) {
      violations.push({
        path: file.path,
        line: ref.line,
        rule: 'pure-logic',
        message: `pure-logic file imports the I/O package '${ref.specifier}'; ${advice}`,
      });
    }
  }
  return violations;
}

const isContractFile = (path: string): boolean =>
  path.endsWith('.schema.ts') || (path.startsWith('src/') && posix.basename(path) === 'contracts.ts');

function checkWebImports(file: AnalyzedFile): Violation[] {
  const inWeb = file.path.startsWith('web/');
  const violations: Violation[] = [];
  for (const ref of file.refs) {
    if (!ref.resolved) continue;
    const targetInWeb = ref.resolved.startsWith('web/');
    if (!inWeb && targetInWeb) {
      violations.push({
        path: file.path,
        line: ref.line,
        rule: 'no-web-import',
        message:
          `nothing outside web/ may import from web/ (${ref.resolved}); move the shared code to src/ ` +
          '(a *.schema.ts or contracts.ts) and import it from both sides',
      });
    } else if (inWeb && !targetInWeb && !isContractFile(ref.resolved)) {
      violations.push({
        path: file.path,
        line: ref.line,
        rule: 'no-web-import',
        message:
          `web/ may only 'import type' shared contracts from *.schema.ts or src/**/contracts.ts, not ${ref.resolved}; ` +
          "move the type into the module's .schema.ts or a contracts.ts",
      });
    } else if (inWeb && !targetInWeb && !ref.typeOnly) {
      violations.push({
        path: file.path,
        line: ref.line,
        rule: 'no-web-import',
        message:
          `web/ imports ${ref.resolved} as a value; use 'import type' / 'export type' so no server code ` +
          'reaches the browser bundle',
      });
    }
  }
  return violations;
}

function checkCycles(files: readonly AnalyzedFile[]): Violation[] {
  const inSrc = new Set(files.filter((f) => f.path.startsWith('src/')).map((f) => f.path));
  const edges = new Map<string, Array<{ to: string; line: number }>>();
  for (const file of files) {
    if (!inSrc.has(file.path)) continue;
    const out: Array<{ to: string; line: number }> = [];
    for (const ref of file.refs) {
      // Type-only edges are erased by the compiler, so they cannot form a runtime cycle.
      if (ref.typeOnly || !ref.resolved || !inSrc.has(ref.resolved)) continue;
      if (!out.some((edge) => edge.to === ref.resolved)) out.push({ to: ref.resolved, line: ref.line });
    }
    out.sort((a, b) => a.to.localeCompare(b.to));
    edges.set(file.path, out);
  }

  // One cycle per DFS back edge covers every strongly connected component without the exponential
  // blow-up of enumerating all elementary cycles.
  const state = new Map<string, 'active' | 'done'>();
  const stack: string[] = [];
  const seen = new Set<string>();
  const violations: Violation[] = [];
  const visit = (node: string): void => {
    state.set(node, 'active');
    stack.push(node);
    for (const edge of edges.get(node) ?? []) {
      const status = state.get(edge.to);
      if (status === undefined) visit(edge.to);
      else if (status === 'active') {
        const members = stack.slice(stack.indexOf(edge.to));
        const start = members.indexOf([...members].sort()[0] ?? '');
        const cycle = [...members.slice(start), ...members.slice(0, start)];
        const key = cycle.join('\n');
        const first = cycle[0];
        if (seen.has(key) || first === undefined) continue;
        seen.add(key);
        const second = cycle[1] ?? first;
        const line = edges.get(first)?.find((e) => e.to === second)?.line ?? 1;
        violations.push({
          path: first,
          line,
          rule: 'no-cycles',
          message:
            `import cycle: ${[...cycle, first].join(' -> ')}; move the shared part into a file both import, ` +
            "or use 'import type' where only types cross",
        });
      }
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...edges.keys()].sort()) if (!state.has(node)) visit(node);
  return violations;
}

/** Runs every dependency rule over the given files and returns the violations sorted by path and line. */
export function checkFiles(files: readonly SourceFile[]): Violation[] {
  const normalized = files.map((f) => ({ path: normalizePath(f.path), source: f.source }));
  const known = new Set(normalized.map((f) => f.path));
  const analyzed: AnalyzedFile[] = normalized.map((file) => {
    const tokens = tokenize(file.source);
    const refs = parseImports(tokens).map((ref) => ({
      ...ref,
      resolved: resolveSpecifier(file.path, ref.specifier, known),
    }));
    return { path: file.path, refs, envLines: findProcessEnvReads(tokens) };
  });
  const violations = analyzed.flatMap((file) => [
    ...checkProcessEnv(file),
    ...checkModuleBoundary(file),
    ...checkPureLogic(file),
    ...checkWebImports(file),
  ]);
  violations.push(...checkCycles(analyzed));
  return violations.sort(
    (a, b) =>
      a.path.localeCompare(b.path) ||
      a.line - b.line ||
      a.rule.localeCompare(b.rule) ||
      a.message.localeCompare(b.message),
  );
}

/** Formats a violation as `path:line  rule-id  message`. */
export function formatViolation(violation: Violation): string {
  return `${violation.path}:${violation.line}  ${violation.rule}  ${violation.message}`;
}
