/**
 * The file list as an ARIA tree: one tab stop (roving tabindex), arrows to move, Right/Left to
 * open/close folders, Enter to open a file, F2 to rename, Delete to delete. New file, rename and
 * delete are also buttons, so a mouse or a screen reader user finds them without the keys.
 */
import { type FormEvent, type KeyboardEvent, useEffect, useMemo, useRef, useState } from 'react';
import { ancestorsOf, buildFileTree, checkNewPath, treeKey, visibleRows } from './file-tree.ts';

/** Props of `FileTreeView`. */
export interface FileTreeViewProps {
  paths: readonly string[];
  openPath: string | null;
  /** Paths with unsaved changes (marked in the list). */
  unsaved: ReadonlySet<string>;
  disabled?: boolean;
  onOpen(path: string): void;
  /** Resolves with an error message to show, or null when it worked. */
  onCreate(path: string): Promise<string | null>;
  onRename(from: string, to: string): Promise<string | null>;
  onDelete(path: string): void;
}

type Editing = { kind: 'create'; value: string } | { kind: 'rename'; from: string; value: string } | null;

/** The workspace file tree. */
export function FileTreeView(props: FileTreeViewProps) {
  const { paths, openPath } = props;
  const [expanded, setExpanded] = useState<Set<string>>(() => new Set());
  const [focused, setFocused] = useState<string | null>(openPath);
  const [editing, setEditing] = useState<Editing>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const rowRefs = useRef(new Map<string, HTMLDivElement>());
  const moveFocus = useRef(false);

  const tree = useMemo(() => buildFileTree(paths), [paths]);
  // Opening a file opens the folders on the way to it (they can be closed again afterwards).
  useEffect(() => {
    if (!openPath) return;
    const folders = ancestorsOf(openPath);
    if (folders.length === 0) return;
    setExpanded((current) =>
      folders.every((folder) => current.has(folder)) ? current : new Set([...current, ...folders]),
    );
  }, [openPath]);
  const rows = useMemo(() => visibleRows(tree, expanded), [tree, expanded]);
  const tabStop = rows.some((row) => row.path === focused) ? focused : (openPath ?? rows[0]?.path ?? null);

  useEffect(() => {
    if (!moveFocus.current || !tabStop) return;
    moveFocus.current = false;
    rowRefs.current.get(tabStop)?.focus();
  }, [tabStop]);

  const focusRow = (path: string) => {
    moveFocus.current = true;
    setFocused(path);
  };

  const setFolder = (path: string, open: boolean) => {
    setExpanded((current) => {
      const next = new Set(current);
      if (open) next.add(path);
      else next.delete(path);
      return next;
    });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>, path: string) => {
    if (event.target !== event.currentTarget) return;
    const action = treeKey(rows, path, event.key);
    if (!action) return;
    event.preventDefault();
    switch (action.kind) {
      case 'focus':
        focusRow(action.path);
        break;
      case 'expand':
        setFolder(action.path, true);
        break;
      case 'collapse':
        setFolder(action.path, false);
        if (openPath?.startsWith(`${action.path}/`)) focusRow(action.path);
        break;
      case 'open':
        props.onOpen(action.path);
        break;
      case 'rename':
        if (!props.disabled) startRename(action.path);
        break;
      case 'delete':
        if (!props.disabled) props.onDelete(action.path);
        break;
    }
  };

  const startRename = (path: string) => {
    setProblem(null);
    setEditing({ kind: 'rename', from: path, value: path });
  };

  const submitEdit = async (event: FormEvent) => {
    event.preventDefault();
    if (!editing || busy) return;
    const check = checkNewPath(
      editing.value,
      paths,
      editing.kind === 'rename' ? { renamingFrom: editing.from } : {},
    );
    if (!check.ok) {
      setProblem(check.message);
      return;
    }
    if (editing.kind === 'rename' && check.path === editing.from) {
      setEditing(null);
      return;
    }
    setBusy(true);
    const error =
      editing.kind === 'create'
        ? await props.onCreate(check.path)
        : await props.onRename(editing.from, check.path);
    setBusy(false);
    if (error) {
      setProblem(error);
      return;
    }
    setProblem(null);
    setEditing(null);
    focusRow(check.path);
  };

  const cancelEdit = () => {
    const returnTo = editing?.kind === 'rename' ? editing.from : tabStop;
    setEditing(null);
    setProblem(null);
    if (returnTo) focusRow(returnTo);
  };

  const selectedFile = tabStop && paths.includes(tabStop) ? tabStop : openPath;

  return (
    <section className="ilm-panel ilm-files" aria-labelledby="ilm-files-title">
      <div className="ilm-panel-header">
        <h2 id="ilm-files-title" className="ilm-panel-title">
          Files
        </h2>
        <div className="ilm-toolbar" role="toolbar" aria-label="File actions">
          <button
            type="button"
            className="ilm-button ilm-button-small"
            disabled={props.disabled}
            onClick={() => {
              setProblem(null);
              setEditing({ kind: 'create', value: '' });
            }}
          >
            New file
          </button>
          <button
            type="button"
            className="ilm-button ilm-button-small"
            disabled={props.disabled || !selectedFile}
            onClick={() => selectedFile && startRename(selectedFile)}
            aria-label={selectedFile ? `Rename ${selectedFile}` : 'Rename'}
          >
            Rename
          </button>
          <button
            type="button"
            className="ilm-button ilm-button-small"
            disabled={props.disabled || !selectedFile}
            onClick={() => selectedFile && props.onDelete(selectedFile)}
            aria-label={selectedFile ? `Delete ${selectedFile}` : 'Delete'}
          >
            Delete
          </button>
        </div>
      </div>

      {editing ? (
        <form className="ilm-file-form" onSubmit={submitEdit}>
          <label htmlFor="ilm-file-name" className="ilm-small">
            {editing.kind === 'create'
              ? 'New file path (e.g. helpers.py or lib/util.py)'
              : `Rename ${editing.from} to`}
          </label>
          <input
            id="ilm-file-name"
            className="ilm-input"
            value={editing.value}
            // biome-ignore lint/a11y/noAutofocus: the field was just opened by the user's action
            autoFocus
            spellCheck={false}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? 'ilm-file-problem' : undefined}
            onChange={(event) => setEditing({ ...editing, value: event.target.value })}
            onKeyDown={(event) => {
              if (event.key === 'Escape') {
                event.preventDefault();
                cancelEdit();
              }
            }}
          />
          <div className="ilm-file-form-actions">
            <button type="submit" className="ilm-button ilm-button-small ilm-button-primary" disabled={busy}>
              {editing.kind === 'create' ? 'Create' : 'Rename'}
            </button>
            <button type="button" className="ilm-button ilm-button-small" onClick={cancelEdit}>
              Cancel
            </button>
          </div>
        </form>
      ) : null}
      {problem ? (
        <p id="ilm-file-problem" className="ilm-field-error" role="alert">
          {problem}
        </p>
      ) : null}

      {rows.length === 0 ? (
        <p className="ilm-muted ilm-small">No files yet.</p>
      ) : (
        <div className="ilm-tree" role="tree" aria-labelledby="ilm-files-title">
          {rows.map((row) => {
            const isOpen = row.path === openPath;
            const unsaved = props.unsaved.has(row.path);
            return (
              <div
                key={row.path}
                ref={(element) => {
                  if (element) rowRefs.current.set(row.path, element);
                  else rowRefs.current.delete(row.path);
                }}
                role="treeitem"
                aria-level={row.depth + 1}
                aria-setsize={row.siblings}
                aria-posinset={row.position}
                aria-expanded={row.kind === 'folder' ? row.expanded : undefined}
                aria-selected={row.kind === 'file' ? isOpen : undefined}
                tabIndex={row.path === tabStop ? 0 : -1}
                className={`ilm-tree-row ilm-tree-${row.kind} ${isOpen ? 'ilm-tree-open' : ''}`}
                style={{ paddingLeft: `${0.5 + row.depth * 1}rem` }}
                onKeyDown={(event) => onKeyDown(event, row.path)}
                onFocus={() => setFocused(row.path)}
                onClick={() => {
                  setFocused(row.path);
                  if (row.kind === 'folder') setFolder(row.path, !row.expanded);
                  else props.onOpen(row.path);
                }}
                onDoubleClick={() => {
                  if (row.kind === 'file' && !props.disabled) startRename(row.path);
                }}
              >
                <span aria-hidden="true" className="ilm-tree-icon">
                  {row.kind === 'folder' ? (row.expanded ? '▾' : '▸') : '·'}
                </span>
                <span className="ilm-tree-name">{row.name}</span>
                {unsaved ? (
                  <span className="ilm-tree-unsaved" title="Not saved yet">
                    <span aria-hidden="true">●</span>
                    <span className="ilm-visually-hidden">, not saved yet</span>
                  </span>
                ) : null}
              </div>
            );
          })}
        </div>
      )}
    </section>
  );
}
