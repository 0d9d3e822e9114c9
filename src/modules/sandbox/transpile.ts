/**
 * JavaScript and TypeScript are turned into CommonJS by esbuild OUTSIDE the sandbox: a pure
 * transform that never runs the candidate's code (no plugins, no decorators metadata evaluation).
 * A syntax error becomes a compile_error before any process starts.
 */
import { transformSync } from 'esbuild';
import type { Language, SourceFile } from './sandbox.schema.ts';

/** The program as it will be written into the sandbox, or why it does not compile. */
export type PreparedProgram = { files: SourceFile[]; mainFile: string } | { compileError: string };

/** Where a source file lands after transpiling: `.ts`/`.mts`/`.cts` become `.js`. */
export function transpiledPath(file: string): string {
  return file.replace(/\.(c|m)?ts$/, '.js');
}

/** Prepares `files` for `language`; `mainFile` defaults to the first file. */
export function prepareProgram(language: Language, files: SourceFile[], mainFile?: string): PreparedProgram {
  const main = mainFile ?? files[0]?.path;
  if (!main || !files.some((file) => file.path === main)) {
    return { compileError: `the main file ${main ?? '(none)'} is not among the files` };
  }
  if (language === 'python') return { files, mainFile: main };
  const prepared: SourceFile[] = [];
  for (const file of files) {
    const isScript = /\.(c|m)?(ts|js)$/.test(file.path);
    if (!isScript) {
      prepared.push(file);
      continue;
    }
    try {
      const output = transformSync(file.content, {
        loader: language === 'typescript' && /\.(c|m)?ts$/.test(file.path) ? 'ts' : 'js',
        format: 'cjs',
        target: 'node20',
        sourcefile: file.path,
        logLevel: 'silent',
      });
      prepared.push({ path: transpiledPath(file.path), content: output.code });
    } catch (error) {
      const errors = (
        error as {
          errors?: Array<{ text: string; location?: { file: string; line: number; column: number } }>;
        }
      ).errors;
      const message = errors?.length
        ? errors
            .map((entry) =>
              entry.location
                ? `${entry.location.file}:${entry.location.line}:${entry.location.column + 1}: ${entry.text}`
                : entry.text,
            )
            .join('\n')
        : String(error);
      return { compileError: message };
    }
  }
  return { files: prepared, mainFile: transpiledPath(main) };
}
