import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from './check-imports.ts';
import type { Violation } from './import-rules.ts';
import { checkFiles, formatViolation, parseImports, resolveSpecifier, tokenize } from './import-rules.ts';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

const check = (files: Record<string, string>): Violation[] =>
  checkFiles(Object.entries(files).map(([path, source]) => ({ path, source })));

const where = (violations: Violation[]): Array<Pick<Violation, 'path' | 'line' | 'rule'>> =>
  violations.map(({ path, line, rule }) => ({ path, line, rule }));

const imports = (source: string) =>
  parseImports(tokenize(source)).map(({ specifier, line, typeOnly, kind }) => ({
    specifier,
    line,
    typeOnly,
    kind,
  }));

describe('parseImports', () => {
  it('finds every import form, with the line the statement starts on', () => {
    const source = [
      "import x from './a.ts';", // 1
      'import {', // 2
      '  b,',
      '  c as d,',
      "} from './b.ts';",
      "import type { E } from './e.ts';", // 6
      "import './side-effect.ts';", // 7
      "export * from './star.ts';", // 8
      "export { f } from './f.ts';", // 9
      "export type { G } from './g.ts';", // 10
      "const lazy = () => import('./lazy.ts');", // 11
      "import * as ns from 'pg';", // 12
      "import type from './default-named-type.ts';", // 13
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the source under test holds a template literal
      'const t = `${await import(`./in-template.ts`)}`;', // 14
      "import after from './after-template.ts';", // 15
      'export const local = 1;', // 16
      'export { local as renamed };', // 17
    ].join('\n');
    expect(imports(source)).toEqual([
      { specifier: './a.ts', line: 1, typeOnly: false, kind: 'import' },
      { specifier: './b.ts', line: 2, typeOnly: false, kind: 'import' },
      { specifier: './e.ts', line: 6, typeOnly: true, kind: 'import' },
      { specifier: './side-effect.ts', line: 7, typeOnly: false, kind: 'import' },
      { specifier: './star.ts', line: 8, typeOnly: false, kind: 'export' },
      { specifier: './f.ts', line: 9, typeOnly: false, kind: 'export' },
      { specifier: './g.ts', line: 10, typeOnly: true, kind: 'export' },
      { specifier: './lazy.ts', line: 11, typeOnly: false, kind: 'dynamic' },
      { specifier: 'pg', line: 12, typeOnly: false, kind: 'import' },
      { specifier: './default-named-type.ts', line: 13, typeOnly: false, kind: 'import' },
      { specifier: './in-template.ts', line: 14, typeOnly: false, kind: 'dynamic' },
      { specifier: './after-template.ts', line: 15, typeOnly: false, kind: 'import' },
    ]);
  });

  it('ignores import-like text in comments, strings, templates and regexes', () => {
    const source = [
      "// import a from './comment.ts';",
      "/* import b from './block.ts';",
      "   export * from './block2.ts'; */",
      `const s = "import c from './string.ts'";`,
      "const u = 'import(\\'./escaped.ts\\')';",
      "const t = `import d from './template.ts'`;",
      'const re = /[\'"`]/g; const half = 4 / 2 / 1;',
      'const url = import.meta.url;',
      "loader.import('./method-call.ts');",
      "import real from './real.ts';",
    ].join('\n');
    expect(imports(source)).toEqual([{ specifier: './real.ts', line: 10, typeOnly: false, kind: 'import' }]);
  });

  it('keeps a stray quote in JSX text from hiding the lines after it', () => {
    const source = "const el = <p>Don't panic</p>;\nimport x from './after-jsx.ts';";
    expect(imports(source)).toEqual([
      { specifier: './after-jsx.ts', line: 2, typeOnly: false, kind: 'import' },
    ]);
  });

  it('treats type-level import() as type-only and inline `type` specifiers as value imports', () => {
    const source = [
      "type A = import('./a.ts').A;",
      "type B = typeof import('./b.ts');",
      "import('./c.ts').then(() => undefined);",
      "import { type D } from './d.ts';",
    ].join('\n');
    expect(imports(source).map(({ specifier, typeOnly }) => ({ specifier, typeOnly }))).toEqual([
      { specifier: './a.ts', typeOnly: true },
      { specifier: './b.ts', typeOnly: true },
      { specifier: './c.ts', typeOnly: false },
      // verbatimModuleSyntax keeps `import {} from './d.ts'`, so the module still loads.
      { specifier: './d.ts', typeOnly: false },
    ]);
  });
});

describe('resolveSpecifier', () => {
  const known = new Set(['src/modules/b/index.ts', 'src/modules/b/b.service.ts', 'src/x.ts']);
  it('resolves relative specifiers, directories to index.ts, and leaves packages alone', () => {
    expect(resolveSpecifier('src/modules/a/a.ts', '../b/b.service.ts', known)).toBe(
      'src/modules/b/b.service.ts',
    );
    expect(resolveSpecifier('src/modules/a/a.ts', '../b', known)).toBe('src/modules/b/index.ts');
    expect(resolveSpecifier('src/modules/a/a.ts', '../c', known)).toBe('src/modules/c/index.ts');
    expect(resolveSpecifier('src/modules/a/a.ts', '../../x.js', known)).toBe('src/x.ts');
    expect(resolveSpecifier('src/modules/a/a.ts', 'drizzle-orm/pg-core', known)).toBeNull();
  });
});

describe('no-process-env', () => {
  it('reports every form of reading process.env outside src/config/env.ts', () => {
    const violations = check({
      'src/modules/a/a.service.ts': [
        "import { x } from './x.ts';",
        '',
        'const url = process.env.DATABASE_URL;', // 3
        "const key = process['env'].KEY;", // 4
        'const maybe = process?.env;', // 5
        'const { env } = process;', // 6
        'const g = globalThis.process.env;', // 7
        "import { env as environment } from 'node:process';", // 8
      ].join('\n'),
      'web/src/app.tsx': 'export const api = process.env.API_URL;',
    });
    expect(where(violations)).toEqual([
      { path: 'src/modules/a/a.service.ts', line: 3, rule: 'no-process-env' },
      { path: 'src/modules/a/a.service.ts', line: 4, rule: 'no-process-env' },
      { path: 'src/modules/a/a.service.ts', line: 5, rule: 'no-process-env' },
      { path: 'src/modules/a/a.service.ts', line: 6, rule: 'no-process-env' },
      { path: 'src/modules/a/a.service.ts', line: 7, rule: 'no-process-env' },
      { path: 'src/modules/a/a.service.ts', line: 8, rule: 'no-process-env' },
      { path: 'web/src/app.tsx', line: 1, rule: 'no-process-env' },
    ]);
    expect(violations[0]?.message).toContain('src/config/env.ts');
    expect(violations[6]?.message).toContain('import.meta.env');
  });

  it('allows src/config/env.ts, test/, bench/, scripts/ and mentions in comments or strings', () => {
    const violations = check({
      'src/config/env.ts': 'export const env = process.env;',
      'test/setup.ts': 'process.env.TZ = "UTC";',
      'bench/run.ts': 'const quick = process.env.QUICK;',
      'scripts/seed.ts': 'const url = process.env.DATABASE_URL;',
      'src/modules/a/a.service.ts': [
        '// read process.env.X through config instead',
        '/* process.env */',
        "const s = 'process.env.Y';",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the source under test holds a template literal
        'const t = `process.env.${s}`;',
        'const re = /process.env/;',
        'const other = { process: { env: 1 } }.process.env;',
        "import { argv } from 'node:process';",
      ].join('\n'),
    });
    expect(violations).toEqual([]);
  });
});

describe('module-boundary', () => {
  it("reports imports of another module's inner files and suggests its index.ts", () => {
    const violations = check({
      'src/modules/b/index.ts': "export * from './b.service.ts';",
      'src/modules/b/b.service.ts': 'export const y = 1;',
      'src/modules/b/b.repository.ts': 'export const x = 1;',
      'src/modules/b/scoring.ts': 'export const z = 1;',
      'src/modules/a/a.service.ts': [
        "import { x } from '../b/b.repository.ts';", // 1
        'import {', // 2
        '  z,',
        "} from '../b/scoring.ts';",
      ].join('\n'),
      'src/cli/main.ts': "import { y } from '../modules/b/b.service.ts';",
      'src/main.ts': "import { y } from './modules/b/b.service.ts';",
    });
    expect(where(violations)).toEqual([
      { path: 'src/cli/main.ts', line: 1, rule: 'module-boundary' },
      { path: 'src/main.ts', line: 1, rule: 'module-boundary' },
      { path: 'src/modules/a/a.service.ts', line: 1, rule: 'module-boundary' },
      { path: 'src/modules/a/a.service.ts', line: 2, rule: 'module-boundary' },
    ]);
    expect(violations[0]?.message).toContain("'../modules/b/index.ts'");
    expect(violations[2]?.message).toContain("'../b/index.ts'");
  });

  it('reports src/platform and src/config importing any module, even through its index.ts', () => {
    const violations = check({
      'src/modules/b/index.ts': 'export const b = 1;',
      'src/platform/http/app.ts': "import { b } from '../../modules/b/index.ts';",
      'src/config/env.ts': "\nimport '../modules/b';",
    });
    expect(where(violations)).toEqual([
      { path: 'src/config/env.ts', line: 2, rule: 'module-boundary' },
      { path: 'src/platform/http/app.ts', line: 1, rule: 'module-boundary' },
    ]);
    expect(violations[1]?.message).toContain('src/main.ts');
  });

  it('allows index.ts imports, directory imports, own-module files and tests', () => {
    const violations = check({
      'src/modules/b/index.ts': "export * from './b.service.ts';",
      'src/modules/b/b.service.ts': 'export const y = 1;',
      'src/modules/a/a.service.ts': [
        "import { y } from '../b/index.ts';",
        "export { y as z } from '../b';",
        "import { helper } from './helper.ts';",
      ].join('\n'),
      'src/modules/a/helper.ts': 'export const helper = 1;',
      'src/main.ts': "import { y } from './modules/b/index.ts';",
      'test/b.int.test.ts': "import { y } from '../src/modules/b/b.service.ts';",
    });
    expect(violations).toEqual([]);
  });
});

describe('pure-logic', () => {
  it('reports platform adapters, I/O built-ins and I/O packages in pure files and schemas', () => {
    const violations = check({
      'src/platform/db/client.ts': 'export const db = {};',
      'src/modules/a/scoring.ts': [
        "import { db } from '../../platform/db/client.ts';", // 1
        "import { readFileSync } from 'node:fs';", // 2
        "import { readFile } from 'fs/promises';", // 3
        "import pg from 'pg';", // 4
        "import { pgTable } from 'drizzle-orm/pg-core';", // 5
        "const redis = () => import('ioredis');", // 6
        "import { randomUUID } from 'node:crypto';", // 7: allowed
      ].join('\n'),
      'src/modules/a/a.schema.ts': "import type { FastifyRequest } from 'fastify';",
    });
    expect(where(violations)).toEqual([
      { path: 'src/modules/a/a.schema.ts', line: 1, rule: 'pure-logic' },
      ...[1, 2, 3, 4, 5, 6].map((line) => ({ path: 'src/modules/a/scoring.ts', line, rule: 'pure-logic' })),
    ]);
    expect(violations[1]?.message).toContain('src/platform/db/client.ts');
  });

  it('allows platform/errors.ts and pure packages in pure files, and I/O in role files', () => {
    const io = "import { db } from '../../platform/db/client.ts';\nimport pg from 'pg';";
    const violations = check({
      'src/platform/db/client.ts': 'export const db = {};',
      'src/platform/errors.ts': 'export class NotFoundError extends Error {}',
      'src/modules/a/irt.ts': [
        "import { NotFoundError } from '../../platform/errors.ts';",
        "import { z } from 'zod';",
        "import { createHash } from 'node:crypto';",
        "import { clamp } from './math/clamp.ts';",
      ].join('\n'),
      'src/modules/a/math/clamp.ts': 'export const clamp = 1;',
      'src/modules/a/a.service.ts': io,
      'src/modules/a/a.repository.ts': io,
      'src/modules/a/a.routes.ts': io,
      'src/modules/a/a.worker.ts': io,
      'src/modules/a/a.jobs.ts': io,
      'src/modules/a/irt.test.ts': io,
      'src/modules/a/a.int.test.ts': io,
      'src/modules/a/index.ts': io,
    });
    expect(violations).toEqual([]);
  });
});

describe('no-web-import', () => {
  it('reports imports into web/ and web/ imports that are values or not contracts', () => {
    const violations = check({
      'web/src/app.tsx': 'export const app = 1;',
      'src/modules/a/a.schema.ts': 'export const ASchema = {};',
      'src/modules/a/a.service.ts': 'export const svc = 1;',
      'src/main.ts': "import { app } from '../web/src/app.tsx';",
      'test/e2e/app.spec.ts': "import type { app } from '../../web/src/app.tsx';",
      'web/src/api.ts': [
        "import { ASchema } from '../../src/modules/a/a.schema.ts';", // 1: value import
        "import type { svc } from '../../src/modules/a/a.service.ts';", // 2: not a contract
      ].join('\n'),
    });
    expect(where(violations)).toEqual([
      { path: 'src/main.ts', line: 1, rule: 'no-web-import' },
      { path: 'test/e2e/app.spec.ts', line: 1, rule: 'no-web-import' },
      { path: 'web/src/api.ts', line: 1, rule: 'no-web-import' },
      { path: 'web/src/api.ts', line: 2, rule: 'no-web-import' },
    ]);
    expect(violations[2]?.message).toContain("'import type'");
  });

  it('allows type-only contract imports, packages and imports within web/', () => {
    const violations = check({
      'src/modules/a/a.schema.ts': 'export type A = { id: string };',
      'src/platform/queue/contracts.ts': 'export type Job = { id: string };',
      'web/src/api.ts': [
        "import type { A } from '../../src/modules/a/a.schema.ts';",
        "export type { Job } from '../../src/platform/queue/contracts.ts';",
        "import { useState } from 'react';",
        "import { App } from './app.tsx';",
      ].join('\n'),
      'web/src/app.tsx': 'export const App = 1;',
    });
    expect(violations).toEqual([]);
  });
});

describe('no-cycles', () => {
  it('reports each cycle once, at its first file and the import that starts it', () => {
    const violations = check({
      'src/modules/a/c.ts': "import { a } from './a.ts';",
      'src/modules/a/a.ts': "import { b } from './b.ts';",
      'src/modules/a/b.ts': "\n\nimport { c } from './c.ts';",
      'src/x.ts': "import { y } from './y.ts';",
      'src/y.ts': "export * from './x.ts';",
    });
    expect(where(violations)).toEqual([
      { path: 'src/modules/a/a.ts', line: 1, rule: 'no-cycles' },
      { path: 'src/x.ts', line: 1, rule: 'no-cycles' },
    ]);
    expect(violations[0]?.message).toContain(
      'src/modules/a/a.ts -> src/modules/a/b.ts -> src/modules/a/c.ts -> src/modules/a/a.ts',
    );
    expect(violations[1]?.message).toContain('src/x.ts -> src/y.ts -> src/x.ts');
  });

  it('ignores type-only edges and cycles outside src/', () => {
    const violations = check({
      'src/a.ts': "import type { B } from './b.ts';\nexport const a = 1;",
      'src/b.ts': "import { a } from './a.ts';\nexport type B = typeof a;",
      'src/c.ts': "export type { D } from './d.ts';\nexport const c = 1;",
      'src/d.ts': "import { c } from './c.ts';\nexport type D = typeof c;",
      'src/e.ts': "type F = import('./f.ts').F;\nexport const e = 1;",
      'src/f.ts': "import { e } from './e.ts';\nexport type F = typeof e;",
      'test/p.ts': "import { q } from './q.ts';",
      'test/q.ts': "import { p } from './p.ts';",
    });
    expect(violations).toEqual([]);
  });
});

describe('formatViolation', () => {
  it('prints path:line, the rule id and the message', () => {
    const line = formatViolation({
      path: 'src/a.ts',
      line: 3,
      rule: 'no-cycles',
      message: 'import cycle: x',
    });
    expect(line).toBe('src/a.ts:3  no-cycles  import cycle: x');
  });
});

describe('check-imports CLI', () => {
  it('fails with one line per violation on the violations fixture', () => {
    const lines: string[] = [];
    expect(main(fixture('violations'), (line) => lines.push(line))).toBe(1);
    expect(lines.map((line) => line.split('  ').slice(0, 2).join('  '))).toEqual([
      'src/modules/accounts/accounts.service.ts:1  module-boundary',
      'src/modules/accounts/accounts.service.ts:5  no-process-env',
      'src/modules/accounts/limits.ts:1  no-cycles',
      'src/modules/billing/plan.ts:1  pure-logic',
      'src/platform/http/app.ts:1  module-boundary',
      'web/src/app.ts:1  no-web-import',
      'import check: 9 files, 6 violations',
    ]);
  });

  it('exits 1 naming the offending files, and 0 on a clean tree', { timeout: 60_000 }, () => {
    const run = (root: string) =>
      spawnSync('npx', ['tsx', 'scripts/check-imports.ts', root], { cwd: repoRoot, encoding: 'utf8' });
    const failing = run(fixture('violations'));
    expect(failing.status).toBe(1);
    expect(failing.stdout).toContain('src/modules/billing/plan.ts:1  pure-logic');
    expect(failing.stdout).toContain('web/src/app.ts:1  no-web-import');
    const clean = run(fixture('clean'));
    expect(clean.stdout).toContain('import check: 9 files, 0 violations');
    expect(clean.status).toBe(0);
  });

  it('exits 2 when the root is not a directory', () => {
    const lines: string[] = [];
    expect(main(fixture('missing'), (line) => lines.push(line))).toBe(2);
    expect(lines[0]).toContain('is not a directory');
  });
});
