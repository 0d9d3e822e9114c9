// CI entry point for the dependency rules in scripts/import-rules.ts: `tsx scripts/check-imports.ts [root]`.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SourceFile } from './import-rules.ts';
import { checkFiles, formatViolation } from './import-rules.ts';

const SCAN_ROOTS = ['src', 'web/src', 'test', 'bench', 'scripts'];
const SKIP_DIR_NAMES = new Set(['node_modules', 'dist']);
// The fixtures break the rules on purpose, for the checker's own tests.
const SKIP_PATHS = new Set(['scripts/fixtures']);
const SOURCE_FILE = /\.(ts|tsx|mts)$/;

/** Reads every TypeScript source under the scanned folders of root, with repo-relative posix paths. */
export function collectSourceFiles(root: string): SourceFile[] {
  const files: SourceFile[] = [];
  const walk = (dir: string): void => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const full = join(dir, entry.name);
      const path = relative(root, full).split(sep).join('/');
      if (entry.isDirectory()) {
        if (!SKIP_DIR_NAMES.has(entry.name) && !entry.name.startsWith('.') && !SKIP_PATHS.has(path))
          walk(full);
      } else if (entry.isFile() && SOURCE_FILE.test(entry.name)) {
        files.push({ path, source: readFileSync(full, 'utf8') });
      }
    }
  };
  for (const scanRoot of SCAN_ROOTS) {
    const dir = join(root, scanRoot);
    if (existsSync(dir) && statSync(dir).isDirectory()) walk(dir);
  }
  return files;
}

/** Checks the tree at root, prints each violation and a summary line, and returns the exit code. */
export function main(root: string, print: (line: string) => void = (line) => console.log(line)): number {
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    print(`import check: ${root} is not a directory`);
    return 2;
  }
  const files = collectSourceFiles(root);
  const violations = checkFiles(files);
  for (const violation of violations) print(formatViolation(violation));
  print(`import check: ${files.length} files, ${violations.length} violations`);
  return violations.length > 0 ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(resolve(process.argv[2] ?? process.cwd()));
}
