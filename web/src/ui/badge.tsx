import type { ReactNode } from 'react';
import type { Tone } from '../lib/labels.ts';

/** A short status label; colour is never the only signal (the text says it). */
export function Badge({
  tone = 'neutral',
  children,
  title,
}: {
  tone?: Tone;
  children: ReactNode;
  title?: string;
}) {
  return (
    <span className={`ui-badge ui-badge-${tone}`} title={title}>
      {children}
    </span>
  );
}
