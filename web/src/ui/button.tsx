import type { ButtonHTMLAttributes, ReactNode } from 'react';
import { Link, type LinkProps } from '../router/router.tsx';
import { Spinner } from './spinner.tsx';

export type ButtonVariant = 'primary' | 'secondary' | 'ghost' | 'danger';
export type ButtonSize = 'sm' | 'md' | 'lg';

function classes(
  variant: ButtonVariant,
  size: ButtonSize,
  block: boolean | undefined,
  extra?: string,
): string {
  return [
    'ui-button',
    `ui-button-${variant}`,
    size === 'md' ? '' : `ui-button-${size}`,
    block ? 'ui-button-block' : '',
    extra ?? '',
  ]
    .filter(Boolean)
    .join(' ');
}

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  size?: ButtonSize;
  block?: boolean;
  /** Shows a spinner, keeps the label, and disables the button while an action runs. */
  loading?: boolean;
  /** The label while loading ("Publishing…"); default the children. */
  loadingText?: ReactNode;
}

/** A button; `type` defaults to "button" so it never submits a form by accident. */
export function Button({
  variant = 'secondary',
  size = 'md',
  block,
  loading,
  loadingText,
  disabled,
  className,
  children,
  type = 'button',
  ...rest
}: ButtonProps) {
  return (
    <button
      {...rest}
      type={type}
      className={classes(variant, size, block, className)}
      disabled={disabled || loading}
      aria-busy={loading || undefined}
    >
      {loading ? <Spinner label="" /> : null}
      {loading && loadingText ? loadingText : children}
    </button>
  );
}

export interface ButtonLinkProps extends LinkProps {
  variant?: ButtonVariant;
  size?: ButtonSize;
  block?: boolean;
}

/** A link styled as a button (navigation, not an action). */
export function ButtonLink({
  variant = 'secondary',
  size = 'md',
  block,
  className,
  ...rest
}: ButtonLinkProps) {
  return <Link {...rest} className={classes(variant, size, block, className)} />;
}

/** A plain anchor styled as a button (downloads, other tabs, API URLs outside the app). */
export function ButtonAnchor({
  variant = 'secondary',
  size = 'md',
  className,
  ...rest
}: React.AnchorHTMLAttributes<HTMLAnchorElement> & { variant?: ButtonVariant; size?: ButtonSize }) {
  return <a {...rest} className={classes(variant, size, false, className)} />;
}
