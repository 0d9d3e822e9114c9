import { describe, expect, it } from 'vitest';
import {
  ancestorsOf,
  buildFileTree,
  checkNewPath,
  defaultFile,
  languageOfPath,
  treeKey,
  visibleRows,
} from './file-tree.ts';

const paths = ['solution.py', 'lib/b.py', 'lib/a.py', 'lib/deep/c.py', 'README.md'];

describe('buildFileTree / visibleRows', () => {
  it('lists folders first, sorted, and hides closed folders', () => {
    const tree = buildFileTree(paths);
    expect(visibleRows(tree, new Set()).map((row) => row.path)).toEqual(['lib', 'README.md', 'solution.py']);
    const open = visibleRows(tree, new Set(['lib', 'lib/deep']));
    expect(open.map((row) => `${'  '.repeat(row.depth)}${row.name}`)).toEqual([
      'lib',
      '  deep',
      '    c.py',
      '  a.py',
      '  b.py',
      'README.md',
      'solution.py',
    ]);
    expect(open[3]).toMatchObject({ parent: 'lib', position: 2, siblings: 3 });
  });

  it('finds the folders around a file', () => {
    expect(ancestorsOf('lib/deep/c.py')).toEqual(['lib', 'lib/deep']);
    expect(ancestorsOf('a.py')).toEqual([]);
  });
});

describe('treeKey', () => {
  const tree = buildFileTree(paths);
  const rows = visibleRows(tree, new Set(['lib']));

  it('moves with arrows, Home and End', () => {
    expect(treeKey(rows, 'lib', 'ArrowDown')).toEqual({ kind: 'focus', path: 'lib/deep' });
    expect(treeKey(rows, 'lib/deep', 'ArrowUp')).toEqual({ kind: 'focus', path: 'lib' });
    expect(treeKey(rows, 'lib/a.py', 'End')).toEqual({ kind: 'focus', path: 'solution.py' });
    expect(treeKey(rows, 'solution.py', 'Home')).toEqual({ kind: 'focus', path: 'lib' });
    expect(treeKey(rows, 'solution.py', 'ArrowDown')).toBeNull();
  });

  it('expands, enters, collapses and climbs with right and left', () => {
    expect(treeKey(rows, 'lib/deep', 'ArrowRight')).toEqual({ kind: 'expand', path: 'lib/deep' });
    expect(treeKey(rows, 'lib', 'ArrowRight')).toEqual({ kind: 'focus', path: 'lib/deep' });
    expect(treeKey(rows, 'lib', 'ArrowLeft')).toEqual({ kind: 'collapse', path: 'lib' });
    expect(treeKey(rows, 'lib/a.py', 'ArrowLeft')).toEqual({ kind: 'focus', path: 'lib' });
    expect(treeKey(rows, 'solution.py', 'ArrowLeft')).toBeNull();
  });

  it('opens, renames and deletes files', () => {
    expect(treeKey(rows, 'solution.py', 'Enter')).toEqual({ kind: 'open', path: 'solution.py' });
    expect(treeKey(rows, 'lib/deep', 'Enter')).toEqual({ kind: 'expand', path: 'lib/deep' });
    expect(treeKey(rows, 'solution.py', 'F2')).toEqual({ kind: 'rename', path: 'solution.py' });
    expect(treeKey(rows, 'solution.py', 'Delete')).toEqual({ kind: 'delete', path: 'solution.py' });
    expect(treeKey(rows, 'lib', 'Delete')).toBeNull();
  });
});

describe('checkNewPath', () => {
  it('normalizes good paths', () => {
    expect(checkNewPath(' ./lib//util.py ', paths)).toEqual({ ok: true, path: 'lib/util.py' });
  });

  it('explains bad ones in words', () => {
    expect(checkNewPath('', paths)).toMatchObject({ ok: false, message: 'Enter a file name.' });
    expect(checkNewPath('../x.py', paths)).toMatchObject({
      ok: false,
      message: 'A path cannot contain "..".',
    });
    expect(checkNewPath('/etc/passwd', paths)).toMatchObject({ ok: false });
    expect(checkNewPath('.env', paths)).toMatchObject({ ok: false });
    expect(checkNewPath('my file.py', paths)).toMatchObject({ ok: false });
    expect(checkNewPath('solution.py', paths)).toMatchObject({
      ok: false,
      message: 'solution.py already exists.',
    });
    expect(checkNewPath('lib', paths)).toMatchObject({ ok: false, message: 'lib is a folder.' });
    expect(checkNewPath('solution.py/x.py', paths)).toMatchObject({ ok: false });
    expect(checkNewPath('a/b/c/d/e/f/g/h/i.py', paths)).toMatchObject({ ok: false });
  });

  it('allows renaming a file to its own name and refuses a 51st file', () => {
    expect(checkNewPath('solution.py', paths, { renamingFrom: 'solution.py' })).toMatchObject({ ok: true });
    const full = Array.from({ length: 50 }, (_, i) => `f${i}.py`);
    expect(checkNewPath('new.py', full)).toMatchObject({ ok: false });
  });
});

describe('languageOfPath / defaultFile', () => {
  it('maps extensions to editor languages', () => {
    expect(languageOfPath('a/b.py')).toBe('python');
    expect(languageOfPath('x.mjs')).toBe('javascript');
    expect(languageOfPath('x.ts')).toBe('typescript');
    expect(languageOfPath('README.md')).toBe('text');
  });

  it('opens the solution file of the language first', () => {
    expect(defaultFile(['a.py', 'solution.py', 'test.py'], 'python')).toBe('solution.py');
    expect(defaultFile(['util.ts', 'notes.md'], 'typescript')).toBe('util.ts');
    expect(defaultFile(['notes.md'], 'python')).toBe('notes.md');
    expect(defaultFile([], 'python')).toBeUndefined();
  });
});
