import { describe, expect, it } from 'vitest';
import {
  checkFileContent,
  checkWorkspaceTotals,
  normalizeWorkspacePath,
  workspaceLimits,
} from './workspace-rules.ts';

describe('workspace paths', () => {
  it('normalizes harmless variations', () => {
    expect(normalizeWorkspacePath('solution.py')).toBe('solution.py');
    expect(normalizeWorkspacePath('./src//utils/helpers.py')).toBe('src/utils/helpers.py');
    expect(normalizeWorkspacePath('src\\main.ts')).toBe('src/main.ts');
  });

  it.each([
    ['../secrets.txt', /must not contain/],
    ['src/../../etc/passwd', /must not contain/],
    ['/etc/passwd', /must be relative/],
    ['C:/windows/system32', /must be relative/],
    ['', /is empty/],
    ['./', /is empty/],
    ['.hidden', /has the part/],
    ['src/$(rm -rf)', /has the part/],
    ['a/b/c/d/e/f/g/h/i.py', /nested more than/],
    [`${'x'.repeat(201)}`, /longer than/],
  ])('refuses %j', (path, message) => {
    expect(() => normalizeWorkspacePath(path)).toThrow(message);
  });

  it('refuses binary and oversized content', () => {
    expect(() => checkFileContent('print(1)\n')).not.toThrow();
    expect(() => checkFileContent('abc\u0000def')).toThrow(/Only text files/);
    expect(() => checkFileContent('x'.repeat(workspaceLimits.maxFileBytes + 1))).toThrow(/at most 256 KiB/);
  });

  it('bounds the number of files and the total size', () => {
    const many = Array.from({ length: workspaceLimits.maxFiles + 1 }, (_, index) => ({
      path: `f${index}.py`,
      content: '',
    }));
    expect(() => checkWorkspaceTotals(many)).toThrow(/at most 50 files/);
    const big = Array.from({ length: 9 }, (_, index) => ({
      path: `f${index}.py`,
      content: 'x'.repeat(250 * 1024),
    }));
    expect(() => checkWorkspaceTotals(big)).toThrow(/MiB in total/);
  });
});
