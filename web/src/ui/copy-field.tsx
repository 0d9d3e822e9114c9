import { useId, useState } from 'react';
import { Button } from './button.tsx';

/** Copies text to the clipboard; falls back to selecting it when the Clipboard API is refused. */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** A read-only value (a link, a key) with a Copy button; the text stays selectable. */
export function CopyField({ label, value }: { label: string; value: string }) {
  const id = useId();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <div className="ui-field">
      <label className="ui-label" htmlFor={id}>
        {label}
      </label>
      <div className="copy-field">
        <input
          id={id}
          className="ui-input"
          readOnly
          value={value}
          onFocus={(event) => event.currentTarget.select()}
        />
        <Button
          onClick={async () => {
            const ok = await copyText(value);
            setState(ok ? 'copied' : 'failed');
            if (!ok) document.getElementById(id)?.focus();
          }}
        >
          {state === 'copied' ? 'Copied' : 'Copy'}
        </Button>
      </div>
      <span className="ui-hint" aria-live="polite">
        {state === 'failed'
          ? 'The browser refused to copy: the text is selected, press Ctrl+C (⌘C on a Mac).'
          : ''}
      </span>
    </div>
  );
}
