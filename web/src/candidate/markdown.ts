/**
 * A small Markdown parser for problem statements: headings, paragraphs, fenced and indented code
 * blocks, bullet and numbered lists (nested), block quotes, rules, code spans, bold, italic and
 * links. It produces a tree that `markdown-view.tsx` renders as React elements, so nothing is ever
 * injected as HTML: raw HTML in the text stays visible text. Link targets are limited to http(s)
 * and mailto. Pure.
 */

/** Inline content. */
export type MdInline =
  | { type: 'text'; text: string }
  | { type: 'code'; text: string }
  | { type: 'strong'; children: MdInline[] }
  | { type: 'em'; children: MdInline[] }
  | { type: 'link'; href: string; children: MdInline[] }
  | { type: 'break' };

/** Block content. */
export type MdBlock =
  | { type: 'heading'; level: 1 | 2 | 3 | 4 | 5 | 6; children: MdInline[] }
  | { type: 'paragraph'; children: MdInline[] }
  | { type: 'code'; language: string; text: string }
  | { type: 'list'; ordered: boolean; start: number; items: MdBlock[][] }
  | { type: 'quote'; children: MdBlock[] }
  | { type: 'rule' };

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([^`\s]*)[^`]*$/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const RULE = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const QUOTE = /^ {0,3}> ?(.*)$/;
const LIST_ITEM = /^( {0,3})([-*+]|\d{1,9}[.)])([ \t]+|$)(.*)$/;
const BLANK = /^\s*$/;

const indentOf = (line: string): number => line.length - line.trimStart().length;

interface ListMarker {
  indent: number;
  ordered: boolean;
  /** The bullet character or the delimiter of a number, which must match for items of one list. */
  kind: string;
  start: number;
  contentIndent: number;
  rest: string;
}

function listMarkerOf(line: string): ListMarker | null {
  const match = LIST_ITEM.exec(line);
  if (!match) return null;
  const [, lead = '', marker = '', spacing = '', rest = ''] = match;
  const ordered = /\d/.test(marker);
  // More than four spaces after the marker: the content is an indented code block; keep it simple.
  const gap = spacing.length === 0 || spacing.length > 4 ? 1 : spacing.length;
  return {
    indent: lead.length,
    ordered,
    kind: ordered ? marker.slice(-1) : marker,
    start: ordered ? Number.parseInt(marker, 10) : 1,
    contentIndent: lead.length + marker.length + gap,
    rest: spacing.length > 4 ? `${' '.repeat(spacing.length - 1)}${rest}` : rest,
  };
}

/** Whether `line` starts a block that ends a paragraph. */
function interruptsParagraph(line: string): boolean {
  if (FENCE.test(line) || HEADING.test(line) || RULE.test(line) || QUOTE.test(line)) return true;
  const marker = listMarkerOf(line);
  // A numbered item interrupts a paragraph only when it starts at 1 (so "2019. was a year" does not).
  return marker !== null && marker.rest.trim() !== '' && (!marker.ordered || marker.start === 1);
}

/** Parses Markdown into blocks. */
export function parseMarkdown(source: string): MdBlock[] {
  const lines = source.replace(/\r\n?/g, '\n').replace(/\t/g, '    ').split('\n');
  return parseBlocks(lines);
}

function parseBlocks(lines: string[]): MdBlock[] {
  const blocks: MdBlock[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    if (BLANK.test(line)) {
      i++;
      continue;
    }

    const fence = FENCE.exec(line);
    if (fence) {
      const marker = fence[1] ?? '```';
      const indent = indentOf(line);
      const body: string[] = [];
      i++;
      while (i < lines.length) {
        const current = lines[i] ?? '';
        const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(current);
        if (close?.[1] && close[1][0] === marker[0] && close[1].length >= marker.length) {
          i++;
          break;
        }
        // Content is de-indented by the fence's own indentation.
        body.push(current.slice(Math.min(indent, indentOf(current))));
        i++;
      }
      blocks.push({ type: 'code', language: (fence[2] ?? '').toLowerCase(), text: body.join('\n') });
      continue;
    }

    if (indentOf(line) >= 4) {
      const body: string[] = [];
      while (i < lines.length) {
        const current = lines[i] ?? '';
        if (!BLANK.test(current) && indentOf(current) < 4) break;
        body.push(current.slice(4));
        i++;
      }
      while (body.length > 0 && BLANK.test(body[body.length - 1] ?? '')) body.pop();
      blocks.push({ type: 'code', language: '', text: body.join('\n') });
      continue;
    }

    const heading = HEADING.exec(line);
    if (heading) {
      const level = (heading[1] ?? '#').length as 1 | 2 | 3 | 4 | 5 | 6;
      blocks.push({ type: 'heading', level, children: parseInline(heading[2] ?? '') });
      i++;
      continue;
    }

    if (RULE.test(line)) {
      blocks.push({ type: 'rule' });
      i++;
      continue;
    }

    if (QUOTE.test(line)) {
      const inner: string[] = [];
      while (i < lines.length) {
        const match = QUOTE.exec(lines[i] ?? '');
        if (!match) break;
        inner.push(match[1] ?? '');
        i++;
      }
      blocks.push({ type: 'quote', children: parseBlocks(inner) });
      continue;
    }

    const first = listMarkerOf(line);
    if (first) {
      const items: MdBlock[][] = [];
      let marker: ListMarker | null = first;
      while (marker && marker.ordered === first.ordered && marker.kind === first.kind) {
        const itemLines = [marker.rest];
        i++;
        let lastBlank = false;
        while (i < lines.length) {
          const current = lines[i] ?? '';
          if (BLANK.test(current)) {
            // A blank line continues the item only if the next text is indented into it.
            let next = i + 1;
            while (next < lines.length && BLANK.test(lines[next] ?? '')) next++;
            const following = lines[next];
            if (following === undefined || indentOf(following) < marker.contentIndent) break;
            itemLines.push('');
            lastBlank = true;
            i++;
            continue;
          }
          if (indentOf(current) >= marker.contentIndent) {
            itemLines.push(current.slice(marker.contentIndent));
          } else if (!lastBlank && !interruptsParagraph(current) && listMarkerOf(current) === null) {
            // A lazy continuation of the item's paragraph.
            itemLines.push(current.trim());
          } else {
            break;
          }
          lastBlank = false;
          i++;
        }
        items.push(parseBlocks(itemLines));
        // Blank lines between items keep the list going.
        let next = i;
        while (next < lines.length && BLANK.test(lines[next] ?? '')) next++;
        const candidate = next < lines.length ? listMarkerOf(lines[next] ?? '') : null;
        if (candidate && candidate.ordered === first.ordered && candidate.kind === first.kind) {
          i = next;
          marker = candidate;
        } else {
          marker = null;
        }
      }
      blocks.push({ type: 'list', ordered: first.ordered, start: first.start, items });
      continue;
    }

    const paragraph: string[] = [line.trim()];
    i++;
    while (i < lines.length) {
      const current = lines[i] ?? '';
      if (BLANK.test(current) || interruptsParagraph(current)) break;
      paragraph.push(current.trim());
      i++;
    }
    blocks.push({ type: 'paragraph', children: parseInline(paragraph.join('\n')) });
  }
  return blocks;
}

const PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/;
const WORD = /[\p{L}\p{N}]/u;

/** A link target that is safe to put in `href`, or null. */
export function safeHref(raw: string): string | null {
  const href = raw.trim();
  if (/^(https?:\/\/|mailto:)/i.test(href)) return href;
  return null;
}

/** Index of the closing backtick run of exactly `length` after `from`, or -1. */
function closingBackticks(text: string, from: number, length: number): number {
  let i = from;
  while (i < text.length) {
    if (text[i] === '`') {
      let run = 0;
      while (text[i + run] === '`') run++;
      if (run === length) return i;
      i += run;
    } else {
      i++;
    }
  }
  return -1;
}

/**
 * Index of the delimiter closing an emphasis opened with `delimiter` at `from`, skipping code spans
 * and escapes; -1 when there is none. A closer follows a non-space; `_` must not touch a word after it.
 */
function closingDelimiter(text: string, from: number, delimiter: string): number {
  let i = from;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === '`') {
      let run = 0;
      while (text[i + run] === '`') run++;
      const close = closingBackticks(text, i + run, run);
      i = close === -1 ? i + run : close + run;
      continue;
    }
    if (c === delimiter[0]) {
      let run = 0;
      while (text[i + run] === c) run++;
      const after = text[i + run] ?? '';
      const closes =
        run === delimiter.length &&
        i > from &&
        !/\s/.test(text[i - 1] ?? ' ') &&
        !(c === '_' && WORD.test(after));
      if (closes) return i;
      // A run of another length (`**` inside `*...*`) belongs to a nested emphasis: step over it whole.
      i += run;
      continue;
    }
    i++;
  }
  return -1;
}

/** Parses inline Markdown. */
export function parseInline(text: string): MdInline[] {
  const out: MdInline[] = [];
  let buffer = '';
  const flush = () => {
    if (buffer) out.push({ type: 'text', text: buffer });
    buffer = '';
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i] ?? '';
    const next = text[i + 1] ?? '';

    if (c === '\\' && PUNCTUATION.test(next)) {
      buffer += next;
      i += 2;
      continue;
    }
    if (c === '\\' && next === '\n') {
      flush();
      out.push({ type: 'break' });
      i += 2;
      continue;
    }

    if (c === '`') {
      let run = 0;
      while (text[i + run] === '`') run++;
      const close = closingBackticks(text, i + run, run);
      if (close === -1) {
        buffer += '`'.repeat(run);
        i += run;
        continue;
      }
      let code = text.slice(i + run, close).replace(/\n/g, ' ');
      if (code.length > 2 && code.startsWith(' ') && code.endsWith(' ') && code.trim() !== '') {
        code = code.slice(1, -1);
      }
      flush();
      out.push({ type: 'code', text: code });
      i = close + run;
      continue;
    }

    if (c === '*' || c === '_') {
      const double = next === c;
      const delimiter = double ? c + c : c;
      const before = text[i - 1] ?? ' ';
      const after = text[i + delimiter.length] ?? ' ';
      const canOpen = !/\s/.test(after) && !(c === '_' && WORD.test(before));
      if (canOpen) {
        const close = closingDelimiter(text, i + delimiter.length, delimiter);
        if (close !== -1) {
          flush();
          const children = parseInline(text.slice(i + delimiter.length, close));
          out.push(double ? { type: 'strong', children } : { type: 'em', children });
          i = close + delimiter.length;
          continue;
        }
      }
      buffer += delimiter;
      i += delimiter.length;
      continue;
    }

    if (c === '[') {
      const link = /^\[([^\]\n]+)\]\(([^()\s]+)\)/.exec(text.slice(i));
      if (link) {
        const href = safeHref(link[2] ?? '');
        flush();
        const children = parseInline(link[1] ?? '');
        // An unsafe target (javascript:, data:, relative) keeps only its text.
        if (href) out.push({ type: 'link', href, children });
        else out.push(...children);
        i += link[0].length;
        continue;
      }
    }

    if (c === ' ' && text.startsWith('  \n', i)) {
      flush();
      out.push({ type: 'break' });
      i += 3;
      continue;
    }

    buffer += c;
    i++;
  }
  flush();
  return out;
}

/** The plain text of inline content (for labels and tests). */
export function inlineText(nodes: readonly MdInline[]): string {
  return nodes
    .map((node) => {
      switch (node.type) {
        case 'text':
        case 'code':
          return node.text;
        case 'break':
          return '\n';
        default:
          return inlineText(node.children);
      }
    })
    .join('');
}
