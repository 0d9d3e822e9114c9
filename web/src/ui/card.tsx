import type { ReactNode } from 'react';

export interface CardProps {
  title?: ReactNode;
  /** Heading level of the title (default h2). */
  titleAs?: 'h2' | 'h3';
  actions?: ReactNode;
  /** No padding: for tables and charts that reach the edges. */
  flush?: boolean;
  children?: ReactNode;
  className?: string;
  id?: string;
}

/** A surface grouping related content, with an optional title row and actions. */
export function Card({ title, titleAs = 'h2', actions, flush, children, className, id }: CardProps) {
  const Heading = titleAs;
  return (
    <section className={['ui-card', className].filter(Boolean).join(' ')} id={id}>
      {title || actions ? (
        <div className="ui-card-header">
          {title ? <Heading>{title}</Heading> : <span />}
          {actions ? <div className="row">{actions}</div> : null}
        </div>
      ) : null}
      <div className={flush ? 'ui-card-body-flush' : 'ui-card-body'}>{children}</div>
    </section>
  );
}

/** One figure with its label, for dashboards. */
export function Kpi({ label, value, hint }: { label: string; value: ReactNode; hint?: ReactNode }) {
  return (
    <div className="ui-card kpi">
      <span className="kpi-label">{label}</span>
      <span className="kpi-value">{value}</span>
      {hint ? <span className="kpi-hint">{hint}</span> : null}
    </div>
  );
}
