import { describe, expect, it } from 'vitest';
import { createOutputCapture } from './shell-output.ts';

const capture = (limit: number, ...chunks: string[]) => {
  const output = createOutputCapture(limit);
  for (const chunk of chunks) output.push(Buffer.from(chunk, 'utf8'));
  return output.result();
};

describe('createOutputCapture', () => {
  it('keeps output up to the limit whole, however it was chunked', () => {
    expect(capture(10, 'abc', 'defg', 'hij')).toEqual({ text: 'abcdefghij', truncated: false });
    expect(capture(10)).toEqual({ text: '', truncated: false });
  });

  it('keeps the first and the last half of longer output and says how much was dropped', () => {
    const text = `${'a'.repeat(5)}${'-'.repeat(100)}${'z'.repeat(5)}`;
    const whole = capture(10, text);
    const chunked = capture(10, ...text.split(''));
    expect(whole).toEqual({
      text: 'aaaaa\n[... 100 bytes omitted: output limit 10 bytes ...]\nzzzzz',
      truncated: true,
    });
    expect(chunked).toEqual(whole);
  });

  it('never cuts a character in two', () => {
    // 'é' is 2 bytes and '€' is 3: the halves fall inside characters.
    const { text, truncated } = capture(8, 'aéé', 'x'.repeat(50), '€€');
    expect(truncated).toBe(true);
    expect(text).not.toContain('\uFFFD');
    expect(text.startsWith('aé')).toBe(true);
    expect(text.endsWith('€')).toBe(true);
  });

  it('counts every byte it was given', () => {
    const output = createOutputCapture(4);
    output.push(Buffer.alloc(1000));
    output.push(Buffer.alloc(24));
    expect(output.total()).toBe(1024);
  });
});
