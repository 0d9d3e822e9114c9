import { type ReactNode, useEffect, useRef } from 'react';

export interface PageHeaderProps {
  title: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  breadcrumbs?: ReactNode;
}

/**
 * The title row of a page. Its h1 takes focus when the page opens, so keyboard and screen-reader
 * users land on the new page's title after a navigation.
 */
export function PageHeader({ title, description, actions, breadcrumbs }: PageHeaderProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    // Not on the first load: the browser's own focus handling is fine there.
    if (document.activeElement && document.activeElement !== document.body) heading.current?.focus();
  }, []);
  return (
    <header className="ui-page-header">
      <div className="ui-page-header-text">
        {breadcrumbs ? (
          <nav aria-label="Breadcrumb" className="ui-breadcrumbs">
            {breadcrumbs}
          </nav>
        ) : null}
        <h1 ref={heading} tabIndex={-1}>
          {title}
        </h1>
        {description ? <p className="muted">{description}</p> : null}
      </div>
      {actions ? <div className="ui-page-header-actions">{actions}</div> : null}
    </header>
  );
}
