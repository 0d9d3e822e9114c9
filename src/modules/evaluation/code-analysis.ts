/**
 * Static analysis of a candidate's final code, language-aware but dependency-free: size, nesting,
 * function length, naming, comments, leftovers. Each finding points at lines, so a score can be
 * traced back to the code. Pure.
 */

/** One observation about the code, with the lines it concerns. */
export interface CodeFinding {
  kind:
    | 'deep_nesting'
    | 'long_function'
    | 'short_names'
    | 'debug_output'
    | 'todo'
    | 'documented'
    | 'unchanged';
  summary: string;
  lines: [number, number];
  /** Points this finding adds to (positive) or takes from (negative) the static score. */
  effect: number;
}

/** The analysis of one file. */
export interface CodeAnalysis {
  codeLines: number;
  commentLines: number;
  maxDepth: number;
  longestFunction: number;
  shortNameShare: number;
  findings: CodeFinding[];
  /** 0..100 */
  score: number;
}

const SHORT_NAME_OK = new Set(['i', 'j', 'k', 'n', 'm', 'x', 'y', '_', 'a', 'b', 'e', 'id', 'ok', 'fn']);

function isComment(line: string, language: string): boolean {
  const trimmed = line.trim();
  return language === 'python'
    ? trimmed.startsWith('#')
    : trimmed.startsWith('//') || trimmed.startsWith('*') || trimmed.startsWith('/*');
}

function depthOf(line: string, language: string, braceDepth: number): number {
  if (language === 'python') return Math.floor((line.length - line.trimStart().length) / 4);
  return braceDepth;
}

/** Analyses `code`; `starter` is the question's starter file (unchanged code scores 0). */
export function analyzeCode(
  code: string,
  language: 'python' | 'javascript' | 'typescript',
  starter?: string,
): CodeAnalysis {
  const lines = code.split('\n');
  const findings: CodeFinding[] = [];
  if (starter !== undefined && code.trim() === starter.trim()) {
    return {
      codeLines: 0,
      commentLines: 0,
      maxDepth: 0,
      longestFunction: 0,
      shortNameShare: 0,
      findings: [
        {
          kind: 'unchanged',
          summary: 'the starter code was submitted unchanged',
          lines: [1, Math.max(1, lines.length)],
          effect: -100,
        },
      ],
      score: 0,
    };
  }
  let codeLines = 0;
  let commentLines = 0;
  let maxDepth = 0;
  let deepestLine = 1;
  let braceDepth = 0;
  let docstrings = 0;
  const functionStarts: number[] = [];
  const names: Array<{ name: string; line: number }> = [];
  lines.forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === '') return;
    if (isComment(line, language)) {
      commentLines += 1;
      return;
    }
    if (/^("""|''')/.test(trimmed)) docstrings += 1;
    codeLines += 1;
    const depth = depthOf(line, language, braceDepth);
    if (depth > maxDepth) {
      maxDepth = depth;
      deepestLine = index + 1;
    }
    if (language !== 'python')
      braceDepth += (line.match(/{/g)?.length ?? 0) - (line.match(/}/g)?.length ?? 0);
    if (/^(async\s+)?def\s|^\s*(export\s+)?(async\s+)?function\s|=>\s*{?\s*$/.test(trimmed))
      functionStarts.push(index);
    const declared =
      language === 'python'
        ? [
            ...line.matchAll(
              /\b([A-Za-z_][A-Za-z0-9_]*)\s*=(?!=)|def\s+([A-Za-z_][A-Za-z0-9_]*)|for\s+([A-Za-z_][A-Za-z0-9_]*)\s+in/g,
            ),
          ]
        : [...line.matchAll(/\b(?:const|let|var|function)\s+([A-Za-z_$][A-Za-z0-9_$]*)/g)];
    for (const match of declared) {
      const name = match.slice(1).find((group) => group !== undefined);
      if (name) names.push({ name, line: index + 1 });
    }
    if (/\bprint\(|console\.(log|debug)\(/.test(trimmed)) {
      findings.push({
        kind: 'debug_output',
        summary: 'debug output left in the solution',
        lines: [index + 1, index + 1],
        effect: -3,
      });
    }
    if (/\b(TODO|FIXME|XXX)\b/.test(line)) {
      findings.push({
        kind: 'todo',
        summary: 'an unfinished TODO left in the code',
        lines: [index + 1, index + 1],
        effect: -2,
      });
    }
  });
  // Function length: from one start to the next (or the end).
  let longestFunction = 0;
  let longestAt: [number, number] = [1, 1];
  functionStarts.forEach((start, position) => {
    const end = functionStarts[position + 1] ?? lines.length;
    if (end - start > longestFunction) {
      longestFunction = end - start;
      longestAt = [start + 1, end];
    }
  });
  if (maxDepth >= 5) {
    findings.push({
      kind: 'deep_nesting',
      summary: `nesting ${maxDepth} levels deep`,
      lines: [deepestLine, deepestLine],
      effect: -4 * (maxDepth - 4),
    });
  }
  if (longestFunction > 60) {
    findings.push({
      kind: 'long_function',
      summary: `a function of ${longestFunction} lines`,
      lines: longestAt,
      effect: -Math.min(15, Math.floor((longestFunction - 60) / 5)),
    });
  }
  const short = names.filter((entry) => entry.name.length <= 2 && !SHORT_NAME_OK.has(entry.name));
  const shortNameShare = names.length === 0 ? 0 : short.length / names.length;
  if (shortNameShare > 0.3 && short[0]) {
    findings.push({
      kind: 'short_names',
      summary: `${short.length} of ${names.length} names are one or two letters (e.g. "${short[0].name}")`,
      lines: [short[0].line, short.at(-1)?.line ?? short[0].line],
      effect: -Math.round(20 * shortNameShare),
    });
  }
  const documentation = commentLines + docstrings;
  if (codeLines > 0 && documentation > 0) {
    findings.push({
      kind: 'documented',
      summary: `${documentation} comment or docstring line(s) explain the code`,
      lines: [1, lines.length],
      effect: Math.min(5, documentation),
    });
  }
  const base = codeLines === 0 ? 0 : 85;
  const score = Math.max(0, Math.min(100, base + findings.reduce((sum, finding) => sum + finding.effect, 0)));
  return { codeLines, commentLines, maxDepth, longestFunction, shortNameShare, findings, score };
}
