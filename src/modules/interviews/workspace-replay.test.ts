import { describe, expect, it } from 'vitest';
import { spliceBetween } from './text-diff.ts';
import { rebuildFiles } from './workspace-replay.ts';

describe('rebuilding files from the timeline', () => {
  it('applies created, changed, renamed and deleted in order, and resets at a new question', () => {
    const v1 = 'def f():\n    return 1\n';
    const v2 = 'def f():\n    return 2\n';
    const events = [
      {
        seq: 1,
        type: 'question.started',
        filePath: null,
        data: { files: [{ path: 'solution.py', content: v1 }] },
      },
      { seq: 2, type: 'file.changed', filePath: 'solution.py', data: { splice: spliceBetween(v1, v2) } },
      { seq: 3, type: 'file.created', filePath: 'notes.txt', data: { content: 'plan' } },
      { seq: 4, type: 'file.renamed', filePath: 'plan.txt', data: { from: 'notes.txt', to: 'plan.txt' } },
      { seq: 5, type: 'run.visible', filePath: null, data: {} },
    ];
    expect(rebuildFiles([], events)).toEqual([
      { path: 'plan.txt', content: 'plan' },
      { path: 'solution.py', content: v2 },
    ]);
    const deleted = [...events, { seq: 6, type: 'file.deleted', filePath: 'plan.txt', data: {} }];
    expect(rebuildFiles([], deleted)).toEqual([{ path: 'solution.py', content: v2 }]);
    const next = [
      ...deleted,
      {
        seq: 7,
        type: 'question.started',
        filePath: null,
        data: { files: [{ path: 'solution.py', content: 'new' }] },
      },
    ];
    expect(rebuildFiles([], next)).toEqual([{ path: 'solution.py', content: 'new' }]);
  });

  it('starts from a snapshot', () => {
    const start = [{ path: 'a.py', content: 'x = 1\n' }];
    const events = [
      {
        seq: 10,
        type: 'file.changed',
        filePath: 'a.py',
        data: { splice: spliceBetween('x = 1\n', 'x = 10\n') },
      },
    ];
    expect(rebuildFiles(start, events)).toEqual([{ path: 'a.py', content: 'x = 10\n' }]);
  });
});
