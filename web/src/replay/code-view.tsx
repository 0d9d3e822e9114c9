/**
 * The code at the current moment: file tabs, the file with line numbers (lines the last change
 * added are highlighted), or the diff of the last change against the version before it.
 */
import { useMemo } from 'react';
import { type DiffLine, diffLines, diffStats, toHunks } from './line-diff.ts';
import type { ReplayFile } from './replay-api.ts';

/** Props of `CodeView`. */
export interface CodeViewProps {
  files: ReplayFile[] | undefined;
  /** The files before the last change (undefined while loading). */
  previous: ReplayFile[] | undefined;
  path: string | null;
  mode: 'code' | 'diff';
  /** Seq of the last file change shown, and of the version before it. */
  versions: { before: number; after: number } | null;
  loading: boolean;
  error: string | null;
  onSelect(path: string): void;
  onMode(mode: 'code' | 'diff'): void;
}

function LineNumber({ value }: { value: number | undefined }) {
  return <span className="ilm-line-no">{value ?? ''}</span>;
}

function DiffRow({ line }: { line: DiffLine }) {
  const sign = line.kind === 'add' ? '+' : line.kind === 'del' ? '−' : ' ';
  const label = line.kind === 'add' ? 'added' : line.kind === 'del' ? 'removed' : undefined;
  return (
    <div className={`ilm-diff-line ilm-diff-${line.kind}`}>
      <LineNumber value={line.kind === 'add' ? undefined : line.oldLine} />
      <LineNumber value={line.kind === 'del' ? undefined : line.newLine} />
      <span className="ilm-diff-sign" aria-hidden="true">
        {sign}
      </span>
      {label ? <span className="ilm-visually-hidden">{label}: </span> : null}
      <span className="ilm-code-text">{line.text || ' '}</span>
    </div>
  );
}

/** The code panel. */
export function CodeView(props: CodeViewProps) {
  const { files, previous, path } = props;
  const current = files?.find((file) => file.path === path);
  const before = previous?.find((file) => file.path === path);
  const diff = useMemo(
    () => (current || before ? diffLines(before?.content ?? '', current?.content ?? '') : []),
    [current, before],
  );
  const stats = diffStats(diff);
  const added = useMemo(() => {
    const lines = new Set<number>();
    for (const line of diff) if (line.kind === 'add') lines.add(line.newLine);
    return lines;
  }, [diff]);

  return (
    <section className="ilm-code-panel" aria-labelledby="ilm-code-title">
      <div className="ilm-code-header">
        <h2 id="ilm-code-title" className="ilm-panel-title">
          Code
        </h2>
        <div className="ilm-code-mode" role="radiogroup" aria-label="Show">
          <label>
            <input
              type="radio"
              name="ilm-code-mode"
              checked={props.mode === 'code'}
              onChange={() => props.onMode('code')}
            />
            File
          </label>
          <label>
            <input
              type="radio"
              name="ilm-code-mode"
              checked={props.mode === 'diff'}
              onChange={() => props.onMode('diff')}
            />
            Last change
          </label>
        </div>
        {props.loading ? (
          <span className="ilm-muted ilm-small" role="status">
            Loading files…
          </span>
        ) : null}
      </div>
      {props.error ? (
        <p className="ilm-field-error" role="alert">
          {props.error}
        </p>
      ) : null}
      {files && files.length > 0 ? (
        <div className="ilm-file-tabs" role="tablist" aria-label="Files at this moment">
          {files.map((file) => (
            <button
              key={file.path}
              type="button"
              role="tab"
              aria-selected={file.path === path}
              className="ilm-file-tab"
              onClick={() => props.onSelect(file.path)}
            >
              {file.path}
            </button>
          ))}
        </div>
      ) : files ? (
        <p className="ilm-muted ilm-small">No files at this moment.</p>
      ) : null}

      {path && files ? (
        <div
          className="ilm-code-body"
          role="tabpanel"
          aria-label={`${path}${props.mode === 'diff' ? ', last change' : ''}`}
        >
          {props.mode === 'diff' ? (
            <>
              <p className="ilm-muted ilm-small">
                {props.versions
                  ? `Change at event #${props.versions.after} against #${props.versions.before || 'start'}: +${stats.added} −${stats.removed} lines`
                  : 'No change yet.'}
                {!current && before ? ' (file removed)' : ''}
              </p>
              <div className="ilm-code">
                {stats.added + stats.removed === 0 ? (
                  <p className="ilm-muted ilm-small">This file did not change in the last change.</p>
                ) : (
                  toHunks(diff, 3).map((hunk, index) =>
                    hunk.kind === 'skipped' ? (
                      // biome-ignore lint/suspicious/noArrayIndexKey: hunks have no identity beyond their order
                      <div key={`skip-${index}`} className="ilm-diff-skip">
                        ⋯ {hunk.count} unchanged line{hunk.count === 1 ? '' : 's'}
                      </div>
                    ) : (
                      hunk.lines.map((line) => (
                        <DiffRow
                          key={`${line.kind}-${line.kind === 'add' ? 'n' : 'o'}${line.kind === 'add' ? line.newLine : line.oldLine}`}
                          line={line}
                        />
                      ))
                    ),
                  )
                )}
              </div>
            </>
          ) : current ? (
            <div className="ilm-code">
              {current.content.split('\n').map((text, index) => (
                <div
                  // biome-ignore lint/suspicious/noArrayIndexKey: a line's number is its identity
                  key={index}
                  className={`ilm-code-line ${added.has(index + 1) ? 'ilm-code-added' : ''}`}
                >
                  <LineNumber value={index + 1} />
                  {added.has(index + 1) ? <span className="ilm-visually-hidden">changed: </span> : null}
                  <span className="ilm-code-text">{text || ' '}</span>
                </div>
              ))}
            </div>
          ) : (
            <p className="ilm-muted ilm-small">{path} does not exist at this moment.</p>
          )}
        </div>
      ) : null}
    </section>
  );
}
