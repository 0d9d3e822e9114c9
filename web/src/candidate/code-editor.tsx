/**
 * The CodeMirror 6 editor. One view for the whole workspace; each file keeps its own editor state
 * (so undo history survives switching files). Text typed is reported through `onChange`; pastes
 * and drops are reported with their size (integrity signals, never their content). When files
 * change elsewhere (the AI assistant wrote one, a rename, a reload), the parent bumps `syncVersion`
 * and the editor re-reads them through `getContent`.
 */
import { indentWithTab } from '@codemirror/commands';
import { javascript } from '@codemirror/lang-javascript';
import { python } from '@codemirror/lang-python';
import { Annotation, EditorState, type Extension, Prec } from '@codemirror/state';
import { keymap } from '@codemirror/view';
import { basicSetup, EditorView } from 'codemirror';
import { useEffect, useRef } from 'react';
import { languageOfPath } from './file-tree.ts';

/** Props of `CodeEditor`. */
export interface CodeEditorProps {
  /** The open file; null shows an empty, read-only editor. */
  path: string | null;
  /** The current text of a file (undefined when it does not exist). */
  getContent(path: string): string | undefined;
  /** Bump to make the editor re-read every file's text (changes made elsewhere). */
  syncVersion: number;
  readOnly?: boolean;
  onChange(path: string, content: string): void;
  onPaste(path: string, info: { chars: number; lines: number; source: 'paste' | 'drop' }): void;
  onSave(): void;
  onRun(): void;
}

/** Marks a transaction that applies a change made elsewhere (not echoed back as an edit). */
const remoteChange = Annotation.define<boolean>();

function languageExtension(path: string): Extension {
  switch (languageOfPath(path)) {
    case 'python':
      return python();
    case 'javascript':
      return javascript();
    case 'typescript':
      return javascript({ typescript: true });
    default:
      return [];
  }
}

const theme = EditorView.theme({
  '&': { height: '100%', fontSize: '14px' },
  '.cm-scroller': {
    fontFamily: 'var(--font-mono, ui-monospace, SFMono-Regular, Menlo, Consolas, monospace)',
  },
  '&.cm-focused': { outline: '2px solid var(--focus, #2563eb)', outlineOffset: '-2px' },
  // A light editor in both page themes (the highlighting is made for it).
  '.cm-gutters': { backgroundColor: '#f3f4f6', color: '#4b5563', borderRight: '1px solid #e5e7eb' },
});

/** The workspace's code editor. */
export function CodeEditor(props: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const parked = useRef(new Map<string, EditorState>());
  const openPath = useRef<string | null>(null);
  // Handlers change every render; the editor's callbacks read the latest through this ref.
  const latest = useRef(props);
  latest.current = props;

  const createState = (path: string | null, content: string, readOnly: boolean): EditorState =>
    EditorState.create({
      doc: content,
      extensions: [
        Prec.highest(
          keymap.of([
            {
              key: 'Mod-s',
              preventDefault: true,
              run: () => {
                latest.current.onSave();
                return true;
              },
            },
            {
              key: 'Mod-Enter',
              preventDefault: true,
              run: () => {
                latest.current.onRun();
                return true;
              },
            },
          ]),
        ),
        basicSetup,
        keymap.of([indentWithTab]),
        path ? languageExtension(path) : [],
        theme,
        EditorState.readOnly.of(readOnly || path === null),
        EditorView.contentAttributes.of({
          'aria-label': path
            ? `Code editor, ${path}. Tab indents; press Escape then Tab to move focus out of the editor.`
            : 'Code editor, no file open',
        }),
        EditorView.updateListener.of((update) => {
          if (!update.docChanged || path === null) return;
          if (update.transactions.some((tr) => tr.annotation(remoteChange))) return;
          latest.current.onChange(path, update.state.doc.toString());
        }),
        EditorView.domEventHandlers({
          paste(event) {
            const text = event.clipboardData?.getData('text/plain') ?? '';
            if (path && text) {
              latest.current.onPaste(path, {
                chars: text.length,
                lines: text.split('\n').length,
                source: 'paste',
              });
            }
            return false;
          },
          drop(event) {
            const text = event.dataTransfer?.getData('text/plain') ?? '';
            if (path && text) {
              latest.current.onPaste(path, {
                chars: text.length,
                lines: text.split('\n').length,
                source: 'drop',
              });
            }
            return false;
          },
        }),
      ],
    });
  const createRef = useRef(createState);
  createRef.current = createState;

  // The view lives as long as the component.
  useEffect(() => {
    if (!host.current) return;
    const created = new EditorView({ parent: host.current, state: createRef.current(null, '', true) });
    view.current = created;
    return () => {
      created.destroy();
      view.current = null;
    };
  }, []);

  const { path, readOnly, syncVersion } = props;

  // Switch files: park the current state, restore (or create) the next one.
  useEffect(() => {
    const current = view.current;
    if (!current) return;
    if (openPath.current !== null && openPath.current !== path) {
      parked.current.set(openPath.current, current.state);
    }
    openPath.current = path;
    const saved = path ? parked.current.get(path) : undefined;
    if (saved && path) parked.current.delete(path);
    const content = path ? (latest.current.getContent(path) ?? '') : '';
    current.setState(
      saved && saved.doc.toString() === content ? saved : createRef.current(path, content, Boolean(readOnly)),
    );
  }, [path, readOnly]);

  // Re-read files changed elsewhere: the open one as one undoable change, parked ones are dropped.
  useEffect(() => {
    if (syncVersion === 0) return;
    const current = view.current;
    for (const [parkedPath, state] of parked.current) {
      if (latest.current.getContent(parkedPath) !== state.doc.toString()) parked.current.delete(parkedPath);
    }
    const open = openPath.current;
    if (!current || open === null) return;
    const content = latest.current.getContent(open);
    const text = current.state.doc.toString();
    if (content === undefined || content === text) return;
    current.dispatch({
      changes: { from: 0, to: text.length, insert: content },
      annotations: remoteChange.of(true),
    });
  }, [syncVersion]);

  return <div ref={host} className="ilm-editor-host" />;
}
