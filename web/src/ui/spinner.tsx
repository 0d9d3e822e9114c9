/** Spinner, Progress and Loading: every long action shows that something is happening. */

/** A small spinning ring; `label` is read by screen readers (empty: decorative). */
export function Spinner({ label = 'Loading', large }: { label?: string; large?: boolean }) {
  const className = large ? 'ui-spinner ui-spinner-lg' : 'ui-spinner';
  if (!label) return <span className={className} aria-hidden="true" />;
  return (
    <span role="status">
      <span className={className} aria-hidden="true" />
      <span className="sr-only">{label}</span>
    </span>
  );
}

/** A full-width loading placeholder for a page or a card. */
export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="ui-loading" role="status" aria-live="polite">
      <Spinner label="" large />
      <span>{label}</span>
    </div>
  );
}

/**
 * A progress bar: `value` 0..1 when the amount is known, without it an indeterminate bar.
 * `label` says what is happening ("Inviting 120 candidates…").
 */
export function Progress({ value, label }: { value?: number | undefined; label: string }) {
  const known = value !== undefined && Number.isFinite(value);
  const percent = known ? Math.round(Math.min(1, Math.max(0, value)) * 100) : undefined;
  return (
    <div className={known ? 'ui-progress' : 'ui-progress ui-progress-indeterminate'}>
      <div className="row-between small">
        <span>{label}</span>
        {percent !== undefined ? <span className="num">{percent}%</span> : null}
      </div>
      <div
        className="ui-progress-track"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
      >
        <div
          className="ui-progress-bar"
          style={percent !== undefined ? { width: `${percent}%` } : undefined}
        />
      </div>
    </div>
  );
}
