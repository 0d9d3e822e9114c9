import type { ReactNode } from 'react';

/** What an empty list says: what would be here, and the action that fills it. */
export function EmptyState({
  title,
  children,
  action,
}: {
  title: string;
  children?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <div className="ui-empty">
      <p className="ui-empty-title">{title}</p>
      {children ? <p>{children}</p> : null}
      {action}
    </div>
  );
}
