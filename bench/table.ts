/**
 * A plain-text table: first column left-aligned, the rest right-aligned. Its own module, not in
 * bench/run.ts: run.ts is the entry module and awaits at top level, so a benchmark importing a
 * value from it would wait for the runner, which waits for the benchmark (exit code 13).
 */
export function formatTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}
