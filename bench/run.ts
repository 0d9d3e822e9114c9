/**
 * `npm run bench [-- name ...]`: runs every `bench/*.bench.ts` (or the named ones) one after the
 * other in this process and prints each one's table. A benchmark reports ratios against a baseline
 * it measures in the same run, because absolute figures on a shared machine mean little.
 */
import { readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { formatTable } from './table.ts';

/** What a benchmark hands back to the runner for printing. */
export interface BenchmarkReport {
  /** One table: a header row and rows of already formatted cells. */
  headers: string[];
  rows: string[][];
  /** Printed under the table, in order; the last line is the headline figure. */
  lines: string[];
}

/** What every `*.bench.ts` exports as `benchmark`. */
export interface Benchmark {
  name: string;
  description: string;
  /** Runs only when named (`npm run bench -- load`), not in a plain `npm run bench`: it takes minutes. */
  explicitOnly?: boolean;
  run(): Promise<BenchmarkReport>;
}

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const suffix = '.bench.ts';
const EXIT_USAGE = 2;

/** Lists the benchmark files, all of them or those `names` pick (`health`, `health.bench.ts`, a path). */
export function selectBenchmarkFiles(available: string[], names: string[]): string[] {
  if (names.length === 0) return available;
  return names.map((name) => {
    const wanted = path.basename(name).replace(/\.bench\.ts$/, '');
    const match = available.find((file) => path.basename(file, suffix) === wanted);
    if (!match) {
      const known = available.map((file) => path.basename(file, suffix)).join(', ') || '(none)';
      throw new Error(`no benchmark "${name}"; available: ${known}`);
    }
    return match;
  });
}

function isBenchmark(value: unknown): value is Benchmark {
  const candidate = value as Partial<Benchmark> | undefined;
  return typeof candidate?.name === 'string' && typeof candidate.run === 'function';
}

/** Runs the selected benchmarks; resolves with the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const available = readdirSync(benchDir)
    .filter((file) => file.endsWith(suffix))
    .sort()
    .map((file) => path.join(benchDir, file));
  let files: string[];
  try {
    files = selectBenchmarkFiles(available, argv);
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\n`);
    return EXIT_USAGE;
  }

  const cpus = os.cpus();
  // The machine's state belongs next to the figures: they are only comparable on a similar one.
  process.stdout.write(
    `${new Date().toISOString()}  node ${process.version}  ${cpus.length} x ${cpus[0]?.model.trim() ?? 'unknown CPU'}` +
      `  load ${os
        .loadavg()
        .map((load) => load.toFixed(2))
        .join(' ')}\n`,
  );

  let failed = 0;
  for (const file of files) {
    const module = (await import(pathToFileURL(file).href)) as { benchmark?: unknown };
    const benchmark = module.benchmark;
    if (!isBenchmark(benchmark)) {
      process.stderr.write(`\n${path.relative(process.cwd(), file)}: does not export a \`benchmark\`\n`);
      failed += 1;
      continue;
    }
    if (benchmark.explicitOnly && argv.length === 0) {
      process.stdout.write(
        `\n## ${benchmark.name}: skipped (runs only by name: npm run bench -- ${benchmark.name})\n`,
      );
      continue;
    }
    process.stdout.write(`\n## ${benchmark.name}: ${benchmark.description}\n\n`);
    const started = performance.now();
    try {
      const report = await benchmark.run();
      process.stdout.write(`${formatTable(report.headers, report.rows)}\n\n`);
      for (const line of report.lines) process.stdout.write(`${line}\n`);
      process.stdout.write(`(${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
    } catch (error) {
      failed += 1;
      process.stderr.write(`${benchmark.name} failed: ${(error as Error).stack ?? String(error)}\n`);
    }
  }
  process.stdout.write(`\n${files.length} benchmark(s), ${failed} failed\n`);
  return failed > 0 ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
  // Every benchmark closes what it opened; if one did not, say so instead of hanging silently.
  setTimeout(() => {
    process.stderr.write('bench: handles still open 10 s after the last benchmark; exiting\n');
    process.exit(process.exitCode ?? 1);
  }, 10_000).unref();
}
