/**
 * The file tree's logic: folders built from flat workspace paths, the rows a keyboard walks
 * (WAI-ARIA tree pattern: arrows, Home/End, left/right to collapse/expand), the workspace's path
 * rules checked before asking the server, and the editor language of a file. Pure.
 */

/** A folder or file of the tree. */
export interface TreeNode {
  name: string;
  /** Full path; a folder's path has no trailing slash. */
  path: string;
  kind: 'folder' | 'file';
  children: TreeNode[];
}

/** A visible row of the tree. */
export interface TreeRow {
  path: string;
  name: string;
  kind: 'folder' | 'file';
  depth: number;
  expanded: boolean;
  /** Path of the parent folder, '' at the top. */
  parent: string;
  /** 1-based position among its siblings and their count (aria-posinset / aria-setsize). */
  position: number;
  siblings: number;
}

const byKindThenName = (a: TreeNode, b: TreeNode): number =>
  a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'folder' ? -1 : 1;

/** The tree of `paths`: folders first, then files, each sorted by name. */
export function buildFileTree(paths: readonly string[]): TreeNode[] {
  const root: TreeNode = { name: '', path: '', kind: 'folder', children: [] };
  for (const path of paths) {
    const parts = path.split('/').filter(Boolean);
    let node = root;
    parts.forEach((part, index) => {
      const isFile = index === parts.length - 1;
      const childPath = parts.slice(0, index + 1).join('/');
      let child = node.children.find(
        (entry) => entry.name === part && entry.kind === (isFile ? 'file' : 'folder'),
      );
      if (!child) {
        child = { name: part, path: childPath, kind: isFile ? 'file' : 'folder', children: [] };
        node.children.push(child);
      }
      node = child;
    });
  }
  const sort = (nodes: TreeNode[]) => {
    nodes.sort(byKindThenName);
    for (const node of nodes) sort(node.children);
  };
  sort(root.children);
  return root.children;
}

/** The rows shown with the folders in `expanded` open. */
export function visibleRows(tree: readonly TreeNode[], expanded: ReadonlySet<string>): TreeRow[] {
  const rows: TreeRow[] = [];
  const walk = (nodes: readonly TreeNode[], depth: number, parent: string) => {
    nodes.forEach((node, index) => {
      const open = node.kind === 'folder' && expanded.has(node.path);
      rows.push({
        path: node.path,
        name: node.name,
        kind: node.kind,
        depth,
        expanded: open,
        parent,
        position: index + 1,
        siblings: nodes.length,
      });
      if (open) walk(node.children, depth + 1, node.path);
    });
  };
  walk(tree, 0, '');
  return rows;
}

/** Every folder on the way to `path` (to reveal a file). */
export function ancestorsOf(path: string): string[] {
  const parts = path.split('/');
  return parts.slice(0, -1).map((_, index) => parts.slice(0, index + 1).join('/'));
}

/** What a key does in the tree. */
export type TreeKeyResult =
  | { kind: 'focus'; path: string }
  | { kind: 'expand'; path: string }
  | { kind: 'collapse'; path: string }
  | { kind: 'open'; path: string }
  | { kind: 'rename'; path: string }
  | { kind: 'delete'; path: string }
  | null;

/** The effect of `key` on the row `path`, per the WAI-ARIA tree view pattern. */
export function treeKey(rows: readonly TreeRow[], path: string, key: string): TreeKeyResult {
  const index = rows.findIndex((row) => row.path === path);
  const row = rows[index];
  if (!row) return rows[0] ? { kind: 'focus', path: rows[0].path } : null;
  switch (key) {
    case 'ArrowDown': {
      const next = rows[index + 1];
      return next ? { kind: 'focus', path: next.path } : null;
    }
    case 'ArrowUp': {
      const previous = rows[index - 1];
      return previous ? { kind: 'focus', path: previous.path } : null;
    }
    case 'Home':
      return rows[0] ? { kind: 'focus', path: rows[0].path } : null;
    case 'End': {
      const last = rows[rows.length - 1];
      return last ? { kind: 'focus', path: last.path } : null;
    }
    case 'ArrowRight':
      if (row.kind !== 'folder') return null;
      if (!row.expanded) return { kind: 'expand', path: row.path };
      return rows[index + 1]?.parent === row.path
        ? { kind: 'focus', path: rows[index + 1]?.path ?? row.path }
        : null;
    case 'ArrowLeft':
      if (row.kind === 'folder' && row.expanded) return { kind: 'collapse', path: row.path };
      return row.parent ? { kind: 'focus', path: row.parent } : null;
    case 'Enter':
    case ' ':
      if (row.kind === 'folder')
        return row.expanded ? { kind: 'collapse', path: row.path } : { kind: 'expand', path: row.path };
      return { kind: 'open', path: row.path };
    case 'F2':
      return row.kind === 'file' ? { kind: 'rename', path: row.path } : null;
    case 'Delete':
      return row.kind === 'file' ? { kind: 'delete', path: row.path } : null;
    default:
      return null;
  }
}

/** The workspace's limits (the server checks them again). */
export const WORKSPACE_LIMITS = { maxFiles: 50, maxPathLength: 200, maxDepth: 8 } as const;

const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/**
 * The normalized path, or the problem in words, checked like the server does so the candidate
 * hears about a bad name before a round trip. `existing` are the current paths.
 */
export function checkNewPath(
  raw: string,
  existing: readonly string[],
  options: { renamingFrom?: string } = {},
): { ok: true; path: string } | { ok: false; message: string } {
  const trimmed = raw.trim().replace(/\\/g, '/');
  if (!trimmed) return { ok: false, message: 'Enter a file name.' };
  if (trimmed.startsWith('/')) return { ok: false, message: 'Use a relative path, without a leading "/".' };
  const segments = trimmed.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.includes('..')) return { ok: false, message: 'A path cannot contain "..".' };
  if (segments.length === 0) return { ok: false, message: 'Enter a file name.' };
  if (segments.length > WORKSPACE_LIMITS.maxDepth)
    return { ok: false, message: `Folders can be nested at most ${WORKSPACE_LIMITS.maxDepth} deep.` };
  const bad = segments.find((segment) => !SEGMENT.test(segment));
  if (bad !== undefined)
    return {
      ok: false,
      message: `"${bad}" is not allowed: use letters, digits, "_", "-" and "." (not as the first character).`,
    };
  const path = segments.join('/');
  if (path.length > WORKSPACE_LIMITS.maxPathLength)
    return { ok: false, message: `A path can be at most ${WORKSPACE_LIMITS.maxPathLength} characters long.` };
  if (path !== options.renamingFrom && existing.includes(path))
    return { ok: false, message: `${path} already exists.` };
  if (existing.some((file) => file.startsWith(`${path}/`)))
    return { ok: false, message: `${path} is a folder.` };
  if (existing.includes(segments.slice(0, -1).join('/')) && segments.length > 1)
    return { ok: false, message: `${segments.slice(0, -1).join('/')} is a file, not a folder.` };
  if (!options.renamingFrom && existing.length >= WORKSPACE_LIMITS.maxFiles)
    return {
      ok: false,
      message: `The workspace holds at most ${WORKSPACE_LIMITS.maxFiles} files; delete one first.`,
    };
  return { ok: true, path };
}

/** The editor language of a file, from its extension. */
export function languageOfPath(path: string): 'python' | 'javascript' | 'typescript' | 'text' {
  const extension = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  if (extension === 'py') return 'python';
  if (['js', 'mjs', 'cjs', 'jsx'].includes(extension)) return 'javascript';
  if (['ts', 'mts', 'cts', 'tsx'].includes(extension)) return 'typescript';
  return 'text';
}

/** The file to open first: the entry file of the language if present, else the first file. */
export function defaultFile(paths: readonly string[], language: string): string | undefined {
  const extension = language === 'python' ? '.py' : language === 'typescript' ? '.ts' : '.js';
  const sorted = [...paths].sort();
  return (
    sorted.find((path) => /(^|\/)(solution|main|index)\.[a-z]+$/.test(path) && path.endsWith(extension)) ??
    sorted.find((path) => path.endsWith(extension)) ??
    sorted[0]
  );
}
