import { describe, expect, it } from 'vitest';
import { inlineText, type MdBlock, parseInline, parseMarkdown, safeHref } from './markdown.ts';

describe('parseInline', () => {
  it('reads code spans, bold, italic and plain text', () => {
    expect(parseInline('Use `x * y` and **bold** or *em* or _em_.')).toEqual([
      { type: 'text', text: 'Use ' },
      { type: 'code', text: 'x * y' },
      { type: 'text', text: ' and ' },
      { type: 'strong', children: [{ type: 'text', text: 'bold' }] },
      { type: 'text', text: ' or ' },
      { type: 'em', children: [{ type: 'text', text: 'em' }] },
      { type: 'text', text: ' or ' },
      { type: 'em', children: [{ type: 'text', text: 'em' }] },
      { type: 'text', text: '.' },
    ]);
  });

  it('does not italicize snake_case names or lone operators', () => {
    expect(parseInline('call lru_cache_operations with 2 * 3 * 4')).toEqual([
      { type: 'text', text: 'call lru_cache_operations with 2 * 3 * 4' },
    ]);
  });

  it('keeps emphasis markers inside code spans literal', () => {
    expect(parseInline('**a `**` b**')).toEqual([
      {
        type: 'strong',
        children: [
          { type: 'text', text: 'a ' },
          { type: 'code', text: '**' },
          { type: 'text', text: ' b' },
        ],
      },
    ]);
  });

  it('nests strong inside em', () => {
    expect(parseInline('*a **b** c*')).toEqual([
      {
        type: 'em',
        children: [
          { type: 'text', text: 'a ' },
          { type: 'strong', children: [{ type: 'text', text: 'b' }] },
          { type: 'text', text: ' c' },
        ],
      },
    ]);
  });

  it('handles double backticks, unclosed markers and escapes', () => {
    expect(parseInline('`` a`b ``')).toEqual([{ type: 'code', text: 'a`b' }]);
    expect(inlineText(parseInline('an `open span and **open bold'))).toBe('an `open span and **open bold');
    expect(parseInline('\\*not em\\*')).toEqual([{ type: 'text', text: '*not em*' }]);
  });

  it('keeps raw HTML as text', () => {
    expect(parseInline('<img src=x onerror=alert(1)> <b>hi</b>')).toEqual([
      { type: 'text', text: '<img src=x onerror=alert(1)> <b>hi</b>' },
    ]);
  });

  it('makes links only to safe targets', () => {
    expect(parseInline('[docs](https://example.com/a)')).toEqual([
      { type: 'link', href: 'https://example.com/a', children: [{ type: 'text', text: 'docs' }] },
    ]);
    expect(parseInline('[click](javascript:alert(1))')).not.toContainEqual(
      expect.objectContaining({ type: 'link' }),
    );
    expect(inlineText(parseInline('[click](javascript:void)'))).toBe('click');
    expect(safeHref(' data:text/html,x')).toBeNull();
    expect(safeHref('mailto:a@b.c')).toBe('mailto:a@b.c');
  });
});

describe('parseMarkdown', () => {
  it('splits paragraphs on blank lines and keeps soft line breaks inside one', () => {
    const blocks = parseMarkdown('First line\nsame paragraph\n\nSecond');
    expect(blocks).toEqual([
      { type: 'paragraph', children: [{ type: 'text', text: 'First line\nsame paragraph' }] },
      { type: 'paragraph', children: [{ type: 'text', text: 'Second' }] },
    ]);
  });

  it('reads fenced code blocks verbatim, with their language, even without a closing fence', () => {
    const blocks = parseMarkdown(
      'Intro\n```python\ndef f(x):\n    return x * 2  # **not bold**\n```\nAfter\n\n~~~\nopen',
    );
    expect(blocks).toEqual([
      { type: 'paragraph', children: [{ type: 'text', text: 'Intro' }] },
      { type: 'code', language: 'python', text: 'def f(x):\n    return x * 2  # **not bold**' },
      { type: 'paragraph', children: [{ type: 'text', text: 'After' }] },
      { type: 'code', language: '', text: 'open' },
    ]);
  });

  it('reads indented code blocks', () => {
    expect(parseMarkdown('Example:\n\n    a = 1\n\n    b = 2\n\nDone')).toEqual([
      { type: 'paragraph', children: [{ type: 'text', text: 'Example:' }] },
      { type: 'code', language: '', text: 'a = 1\n\nb = 2' },
      { type: 'paragraph', children: [{ type: 'text', text: 'Done' }] },
    ]);
  });

  it('reads headings, rules and quotes', () => {
    expect(parseMarkdown('## Input ##\n---\n> note *this*')).toEqual([
      { type: 'heading', level: 2, children: [{ type: 'text', text: 'Input' }] },
      { type: 'rule' },
      {
        type: 'quote',
        children: [
          {
            type: 'paragraph',
            children: [
              { type: 'text', text: 'note ' },
              { type: 'em', children: [{ type: 'text', text: 'this' }] },
            ],
          },
        ],
      },
    ]);
  });

  it('reads bullet lists after a paragraph, with continuation lines', () => {
    const blocks = parseMarkdown(
      'Each operation is either:\n\n- `get` yields the value\n  for `key`.\n- `put` stores it.\n\nAfter.',
    );
    expect(blocks.map((block) => block.type)).toEqual(['paragraph', 'list', 'paragraph']);
    const list = blocks[1] as Extract<MdBlock, { type: 'list' }>;
    expect(list.ordered).toBe(false);
    expect(list.items).toHaveLength(2);
    const first = list.items[0]?.[0] as Extract<MdBlock, { type: 'paragraph' }>;
    expect(inlineText(first.children)).toBe('get yields the value\nfor key.');
  });

  it('reads numbered lists with their start and nested bullet lists', () => {
    const blocks = parseMarkdown('3. three\n4. four\n   - sub a\n   - sub b\n5. five');
    expect(blocks).toHaveLength(1);
    const list = blocks[0] as Extract<MdBlock, { type: 'list' }>;
    expect(list).toMatchObject({ type: 'list', ordered: true, start: 3 });
    expect(list.items).toHaveLength(3);
    const nested = list.items[1]?.[1] as Extract<MdBlock, { type: 'list' }>;
    expect(nested).toMatchObject({ type: 'list', ordered: false });
    expect(nested.items).toHaveLength(2);
  });

  it('keeps a list going across blank lines between items and ends it at a different marker', () => {
    const blocks = parseMarkdown('- a\n\n- b\n\n1. c');
    expect(blocks.map((block) => block.type)).toEqual(['list', 'list']);
    expect((blocks[0] as Extract<MdBlock, { type: 'list' }>).items).toHaveLength(2);
  });

  it('does not start a list inside a paragraph for a number other than 1', () => {
    expect(parseMarkdown('In the year\n2019. things happened').map((block) => block.type)).toEqual([
      'paragraph',
    ]);
  });

  it('parses a real problem statement', () => {
    const text =
      'Simulate a cache. The function takes `capacity`.\n\n- `get` yields the value, or `-1`.\n- `put` stores `value`.\n\n**Canonical answer:** return `""`.\n\nExample: `capacity = 2` → `[1, -1]`.';
    const blocks = parseMarkdown(text);
    expect(blocks.map((block) => block.type)).toEqual(['paragraph', 'list', 'paragraph', 'paragraph']);
    const strong = (blocks[2] as Extract<MdBlock, { type: 'paragraph' }>).children[0];
    expect(strong).toEqual({ type: 'strong', children: [{ type: 'text', text: 'Canonical answer:' }] });
  });

  it('normalizes CRLF and tabs', () => {
    expect(parseMarkdown('a\r\n\r\n\tcode')).toEqual([
      { type: 'paragraph', children: [{ type: 'text', text: 'a' }] },
      { type: 'code', language: '', text: 'code' },
    ]);
  });
});

describe('robustness', () => {
  it('parses any text made of markup characters without throwing or looping', async () => {
    const fc = await import('fast-check');
    const alphabet = fc.constantFrom(
      '*',
      '_',
      '`',
      '[',
      ']',
      '(',
      ')',
      '\\',
      '\n',
      ' ',
      '#',
      '-',
      '1',
      '.',
      '>',
      'a',
      '~',
      '<',
    );
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 60 }), (chars) => {
        const blocks = parseMarkdown(chars.join(''));
        expect(Array.isArray(blocks)).toBe(true);
      }),
      { numRuns: 2_000 },
    );
  });

  it('keeps every letter of the text (nothing is swallowed)', async () => {
    const fc = await import('fast-check');
    const alphabet = fc.constantFrom('*', '_', '`', 'a', 'b', ' ');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 40 }), (chars) => {
        const text = chars.join('');
        const letters = (value: string) => value.replace(/[^ab]/g, '');
        expect(letters(inlineText(parseInline(text)))).toBe(letters(text));
      }),
      { numRuns: 2_000 },
    );
  });
});
