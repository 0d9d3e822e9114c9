/**
 * A line diff for the replay's code view: the shortest edit script between two texts (Myers'
 * O((N+M)·D) algorithm, after trimming the common head and tail), and hunks with context for
 * display. A huge or wildly different pair falls back to "remove all, add all" for the middle so
 * the browser never stalls. Pure.
 */

/** One line of a diff. Line numbers are 1-based; `oldLine` is absent on additions, `newLine` on removals. */
export type DiffLine =
  | { kind: 'same'; text: string; oldLine: number; newLine: number }
  | { kind: 'del'; text: string; oldLine: number }
  | { kind: 'add'; text: string; newLine: number };

/** A run of diff lines shown together, or a count of unchanged lines left out. */
export type DiffHunk = { kind: 'lines'; lines: DiffLine[] } | { kind: 'skipped'; count: number };

/** Splits text into lines; a final newline does not make an extra empty line. */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * Myers' greedy algorithm: the edit script of a → b as a list of 'same' | 'del' | 'add' steps,
 * or null when more than maxEdits edits would be needed.
 */
function myers(
  a: readonly string[],
  b: readonly string[],
  maxEdits: number,
): Array<'same' | 'del' | 'add'> | null {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, maxEdits);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x: number;
      if (k === -d || (k !== d && (v[offset + k - 1] ?? 0) < (v[offset + k + 1] ?? 0))) {
        x = v[offset + k + 1] ?? 0;
      } else {
        x = (v[offset + k - 1] ?? 0) + 1;
      }
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, offset, n, m, d);
    }
  }
  return null;
}

function backtrack(
  trace: Int32Array[],
  offset: number,
  n: number,
  m: number,
  depth: number,
): Array<'same' | 'del' | 'add'> {
  const steps: Array<'same' | 'del' | 'add'> = [];
  let x = n;
  let y = m;
  for (let d = depth; d > 0; d--) {
    const v = trace[d] as Int32Array;
    const k = x - y;
    const down = k === -d || (k !== d && (v[offset + k - 1] ?? 0) < (v[offset + k + 1] ?? 0));
    const prevK = down ? k + 1 : k - 1;
    const prevX = v[offset + prevK] ?? 0;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      steps.push('same');
      x--;
      y--;
    }
    steps.push(down ? 'add' : 'del');
    x = prevX;
    y = prevY;
  }
  while (x > 0 && y > 0) {
    steps.push('same');
    x--;
    y--;
  }
  return steps.reverse();
}

/** Options of `diffLines`. */
export interface DiffOptions {
  /** Above this many edits in the changed middle, it is shown as removed then added. Default 2000. */
  maxEdits?: number;
}

/** The line diff turning `before` into `after`. */
export function diffLines(before: string, after: string, options: DiffOptions = {}): DiffLine[] {
  const a = splitLines(before);
  const b = splitLines(after);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  ) {
    tail++;
  }
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const steps = myers(midA, midB, options.maxEdits ?? 2_000) ?? [
    ...midA.map(() => 'del' as const),
    ...midB.map(() => 'add' as const),
  ];

  const out: DiffLine[] = [];
  for (let i = 0; i < head; i++) out.push({ kind: 'same', text: a[i] ?? '', oldLine: i + 1, newLine: i + 1 });
  let x = head;
  let y = head;
  for (const step of steps) {
    if (step === 'same') {
      out.push({ kind: 'same', text: a[x] ?? '', oldLine: x + 1, newLine: y + 1 });
      x++;
      y++;
    } else if (step === 'del') {
      out.push({ kind: 'del', text: a[x] ?? '', oldLine: x + 1 });
      x++;
    } else {
      out.push({ kind: 'add', text: b[y] ?? '', newLine: y + 1 });
      y++;
    }
  }
  for (let i = 0; i < tail; i++) {
    out.push({ kind: 'same', text: a[x + i] ?? '', oldLine: x + i + 1, newLine: y + i + 1 });
  }
  return out;
}

/** Lines added and removed. */
export function diffStats(lines: readonly DiffLine[]): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const line of lines) {
    if (line.kind === 'add') added++;
    else if (line.kind === 'del') removed++;
  }
  return { added, removed };
}

/** Groups a diff into hunks: changes with `context` unchanged lines around them; the rest is skipped. */
export function toHunks(lines: readonly DiffLine[], context = 3): DiffHunk[] {
  const keep = new Array<boolean>(lines.length).fill(false);
  lines.forEach((line, index) => {
    if (line.kind === 'same') return;
    for (let i = Math.max(0, index - context); i <= Math.min(lines.length - 1, index + context); i++) {
      keep[i] = true;
    }
  });
  const hunks: DiffHunk[] = [];
  let current: DiffLine[] = [];
  let skipped = 0;
  lines.forEach((line, index) => {
    if (keep[index]) {
      if (skipped > 0) {
        hunks.push({ kind: 'skipped', count: skipped });
        skipped = 0;
      }
      current.push(line);
    } else {
      if (current.length > 0) {
        hunks.push({ kind: 'lines', lines: current });
        current = [];
      }
      skipped++;
    }
  });
  if (current.length > 0) hunks.push({ kind: 'lines', lines: current });
  if (skipped > 0) hunks.push({ kind: 'skipped', count: skipped });
  return hunks;
}
