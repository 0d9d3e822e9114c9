/**
 * What a workspace may hold: relative, normalized paths of plain names (no `..`, no absolute
 * paths, no hidden tricks), text only, bounded sizes and counts. Pure.
 */
import { AppError } from '../../platform/errors.ts';

/** Limits of one session's workspace. */
export const workspaceLimits = {
  maxFiles: 50,
  maxFileBytes: 256 * 1024,
  maxTotalBytes: 2 * 1024 * 1024,
  maxPathLength: 200,
  maxDepth: 8,
} as const;

const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

function invalidPath(path: string, why: string): AppError {
  return new AppError('VALIDATION_FAILED', `The file path "${path.slice(0, 100)}" ${why}`, {
    fields: [{ path: 'path', message: why }],
  });
}

/**
 * The normalized form of `path` (backslashes as slashes, `./` and duplicate slashes dropped);
 * throws VALIDATION_FAILED naming the problem. Symlinks cannot exist: files live in the database.
 */
export function normalizeWorkspacePath(path: string): string {
  const trimmed = path.trim().replace(/\\/g, '/');
  if (trimmed.length === 0) throw invalidPath(path, 'is empty');
  if (trimmed.startsWith('/') || /^[A-Za-z]:/.test(trimmed)) throw invalidPath(path, 'must be relative');
  const segments = trimmed.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.some((segment) => segment === '..')) throw invalidPath(path, 'must not contain ".."');
  if (segments.length === 0) throw invalidPath(path, 'is empty');
  if (segments.length > workspaceLimits.maxDepth)
    throw invalidPath(path, `is nested more than ${workspaceLimits.maxDepth} folders deep`);
  const bad = segments.find((segment) => !SEGMENT.test(segment));
  if (bad !== undefined)
    throw invalidPath(
      path,
      `has the part "${bad.slice(0, 40)}": use letters, digits, "_", "-" and "." (not first)`,
    );
  const normalized = segments.join('/');
  if (normalized.length > workspaceLimits.maxPathLength)
    throw invalidPath(path, `is longer than ${workspaceLimits.maxPathLength} characters`);
  return normalized;
}

/** Throws when `content` is not text or too large for one file. */
export function checkFileContent(content: string): void {
  if (Buffer.byteLength(content, 'utf8') > workspaceLimits.maxFileBytes) {
    throw new AppError(
      'PAYLOAD_TOO_LARGE',
      `A file may hold at most ${workspaceLimits.maxFileBytes / 1024} KiB; split it into several files`,
    );
  }
  // NUL never appears in source code; its presence means a binary file.
  if (content.includes('\u0000')) {
    throw new AppError('VALIDATION_FAILED', 'Only text files can be stored in the workspace', {
      fields: [{ path: 'content', message: 'contains binary data' }],
    });
  }
}

/** Throws when the workspace after a change would hold too many files or bytes. */
export function checkWorkspaceTotals(files: ReadonlyArray<{ path: string; content: string }>): void {
  if (files.length > workspaceLimits.maxFiles) {
    throw new AppError(
      'CONFLICT',
      `The workspace may hold at most ${workspaceLimits.maxFiles} files; delete one first`,
    );
  }
  const total = files.reduce((sum, file) => sum + Buffer.byteLength(file.content, 'utf8'), 0);
  if (total > workspaceLimits.maxTotalBytes) {
    throw new AppError(
      'PAYLOAD_TOO_LARGE',
      `The workspace may hold at most ${workspaceLimits.maxTotalBytes / 1024 / 1024} MiB in total`,
    );
  }
}
