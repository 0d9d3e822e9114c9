import { describe, expect, it } from 'vitest';
import { createDraftStore } from './drafts.ts';
import type { KeyValueStorage } from './event-queue.ts';

function memoryStorage(): KeyValueStorage {
  const data = new Map<string, string>();
  return { getItem: (key) => data.get(key) ?? null, setItem: (key, value) => void data.set(key, value) };
}

describe('createDraftStore', () => {
  it('keeps unsaved text across a reload until the server has it', () => {
    const storage = memoryStorage();
    const drafts = createDraftStore(storage, 'd');
    drafts.set('q1', 'a.py', 'print(1)');
    drafts.set('q1', 'a.py', 'print(12)');
    // Reload.
    const again = createDraftStore(storage, 'd');
    expect(again.load('q1')).toEqual({ 'a.py': 'print(12)' });
    // An older save landing does not drop the newer draft.
    again.saved('a.py', 'print(1)');
    expect(again.load('q1')).toEqual({ 'a.py': 'print(12)' });
    again.saved('a.py', 'print(12)');
    expect(createDraftStore(storage, 'd').load('q1')).toEqual({});
  });

  it('discards drafts of another question', () => {
    const storage = memoryStorage();
    const drafts = createDraftStore(storage, 'd');
    drafts.set('q1', 'a.py', 'x');
    expect(drafts.load('q2')).toEqual({});
    expect(createDraftStore(storage, 'd').load('q1')).toEqual({});
  });

  it('forgets removed files and survives missing storage', () => {
    const drafts = createDraftStore(undefined, 'd');
    drafts.set('q1', 'a.py', 'x');
    drafts.remove('a.py');
    expect(drafts.load('q1')).toEqual({});
  });
});
