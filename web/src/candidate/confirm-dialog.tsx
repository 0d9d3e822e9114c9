/**
 * A modal confirmation on the native <dialog>: the browser traps focus, Escape cancels, and focus
 * returns to the button that opened it.
 */
import { type ReactNode, useEffect, useId, useRef } from 'react';

/** Props of `ConfirmDialog`. */
export interface ConfirmDialogProps {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  cancelLabel?: string;
  /** Styles the confirm button as destructive. */
  danger?: boolean;
  busy?: boolean;
  onConfirm(): void;
  onCancel(): void;
}

/** A confirmation dialog. */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const bodyId = useId();
  const { open, onCancel } = props;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      dialog.showModal();
      return () => {
        if (dialog.open) dialog.close();
        opener?.focus();
      };
    }
    return undefined;
  }, [open]);

  return (
    <dialog
      ref={ref}
      className="ilm-dialog"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      onCancel={(event) => {
        event.preventDefault();
        if (!props.busy) onCancel();
      }}
    >
      <h2 id={titleId} className="ilm-dialog-title">
        {props.title}
      </h2>
      <div id={bodyId} className="ilm-dialog-body">
        {props.children}
      </div>
      <div className="ilm-dialog-actions">
        <button type="button" className="ilm-button" onClick={onCancel} disabled={props.busy}>
          {props.cancelLabel ?? 'Cancel'}
        </button>
        <button
          type="button"
          className={`ilm-button ${props.danger ? 'ilm-button-danger' : 'ilm-button-primary'}`}
          onClick={props.onConfirm}
          disabled={props.busy}
        >
          {props.busy ? 'Working…' : props.confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
