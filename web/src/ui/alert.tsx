import type { ReactNode } from 'react';
import { describeError } from '../api/errors.ts';
import { Button } from './button.tsx';

export type AlertTone = 'info' | 'success' | 'warning' | 'danger';

const icons: Record<AlertTone, string> = { info: 'i', success: '✓', warning: '!', danger: '!' };

/** A message in the page: information, success, a warning or an error. */
export function Alert({
  tone = 'info',
  title,
  children,
  actions,
  live,
}: {
  tone?: AlertTone;
  title?: ReactNode;
  children?: ReactNode;
  actions?: ReactNode;
  /** Announce it when it appears (errors after an action). */
  live?: boolean;
}) {
  return (
    <div
      className={`ui-alert ui-alert-${tone}`}
      role={live ? (tone === 'danger' ? 'alert' : 'status') : undefined}
    >
      <span className="ui-alert-icon" aria-hidden="true">
        {icons[tone]}
      </span>
      <div className="ui-alert-body">
        {title ? <span className="ui-alert-title">{title}</span> : null}
        {children ? <div>{children}</div> : null}
        {actions ? <div className="row">{actions}</div> : null}
      </div>
    </div>
  );
}

/** An error with what to do next; `onRetry` adds a "Try again" button. */
export function ErrorAlert({
  error,
  onRetry,
  title,
}: {
  error: unknown;
  onRetry?: () => void;
  title?: string;
}) {
  const description = describeError(error);
  return (
    <Alert
      tone="danger"
      live
      title={title ?? description.title}
      actions={
        onRetry ? (
          <Button size="sm" onClick={onRetry}>
            Try again
          </Button>
        ) : undefined
      }
    >
      <p>{description.message}</p>
      <p className="small">{description.action}</p>
    </Alert>
  );
}
