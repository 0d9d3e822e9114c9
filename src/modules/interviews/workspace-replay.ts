/**
 * Rebuilds a workspace from the timeline: start from a snapshot (or nothing), then apply the
 * file events after it in seq order. A new question's `question.started` event carries its
 * starter files and replaces the workspace. Pure.
 */
import { applySplice, type TextSplice } from './text-diff.ts';

/** A timeline event as far as files are concerned. */
export interface FileEventLike {
  seq: number;
  type: string;
  filePath: string | null;
  data: Record<string, unknown>;
}

/** Files by path. */
export type FileMap = Map<string, string>;

/** Applies one event to `files` (in place); events that do not touch files are ignored. */
export function applyFileEvent(files: FileMap, event: FileEventLike): void {
  const data = event.data;
  switch (event.type) {
    case 'question.started': {
      files.clear();
      for (const file of (data.files as Array<{ path: string; content: string }> | undefined) ?? []) {
        files.set(file.path, file.content);
      }
      return;
    }
    case 'file.created':
      if (event.filePath) files.set(event.filePath, String(data.content ?? ''));
      return;
    case 'file.changed': {
      if (!event.filePath) return;
      const splice = data.splice as TextSplice | undefined;
      if (splice) files.set(event.filePath, applySplice(files.get(event.filePath) ?? '', splice));
      return;
    }
    case 'file.deleted':
      if (event.filePath) files.delete(event.filePath);
      return;
    case 'file.renamed': {
      const from = String(data.from ?? '');
      const content = files.get(from);
      if (content === undefined || !event.filePath) return;
      files.delete(from);
      files.set(event.filePath, content);
      return;
    }
    default:
      return;
  }
}

/** The files after applying `events` to `start`. */
export function rebuildFiles(
  start: ReadonlyArray<{ path: string; content: string }>,
  events: readonly FileEventLike[],
): Array<{ path: string; content: string }> {
  const files: FileMap = new Map(start.map((file) => [file.path, file.content]));
  for (const event of events) applyFileEvent(files, event);
  return [...files.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([path, content]) => ({ path, content }));
}

/** Event types that change files (what a rebuild must read). */
export const fileEventTypes = [
  'question.started',
  'file.created',
  'file.changed',
  'file.deleted',
  'file.renamed',
] as const;
