/**
 * Unsaved editor text kept in sessionStorage until the server has it, so a reload in the ~800 ms
 * before an autosave (or while offline) loses nothing: on resume the draft is put back and saved.
 * Drafts belong to one question; a new question discards them. Pure apart from the injected storage.
 */
import type { KeyValueStorage } from './event-queue.ts';

interface DraftFile {
  questionId: string;
  files: Record<string, string>;
}

/** The draft store of one session. */
export interface DraftStore {
  /** Keeps the unsaved text of `path`. */
  set(questionId: string, path: string, content: string): void;
  /** The server stored `content` for `path`: drop the draft if it is still that text. */
  saved(path: string, content: string): void;
  /** Drops a file's draft (deleted, renamed). */
  remove(path: string): void;
  /** The drafts of `questionId` (others are discarded). */
  load(questionId: string): Record<string, string>;
}

/** Creates the draft store for `storageKey`. */
export function createDraftStore(storage: KeyValueStorage | undefined, storageKey: string): DraftStore {
  let current: DraftFile = { questionId: '', files: {} };
  try {
    const raw = storage?.getItem(storageKey);
    if (raw) {
      const parsed = JSON.parse(raw) as Partial<DraftFile>;
      if (typeof parsed.questionId === 'string' && parsed.files && typeof parsed.files === 'object') {
        current = { questionId: parsed.questionId, files: { ...parsed.files } };
      }
    }
  } catch {
    // Unreadable: start empty.
  }
  const persist = () => {
    try {
      storage?.setItem(storageKey, JSON.stringify(current));
    } catch {
      // Storage full (a huge file): the autosave still runs; only the reload backup is missing.
    }
  };
  return {
    set(questionId, path, content) {
      if (current.questionId !== questionId) current = { questionId, files: {} };
      current.files[path] = content;
      persist();
    },
    saved(path, content) {
      if (current.files[path] === content) {
        delete current.files[path];
        persist();
      }
    },
    remove(path) {
      if (path in current.files) {
        delete current.files[path];
        persist();
      }
    },
    load(questionId) {
      if (current.questionId !== questionId) {
        current = { questionId, files: {} };
        persist();
      }
      return { ...current.files };
    },
  };
}
