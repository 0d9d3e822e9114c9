/**
 * Toasts: short confirmations ("Link copied") and errors after an action, announced to screen
 * readers through a live region, dismissed by their button or after a while (errors stay longer).
 */
import { createContext, type ReactNode, useCallback, useContext, useMemo, useRef, useState } from 'react';
import { describeError } from '../api/errors.ts';
import { Alert, type AlertTone } from './alert.tsx';
import { Button } from './button.tsx';

interface ToastItem {
  id: number;
  tone: AlertTone;
  title: string;
  message?: string | undefined;
}

/** What pages call. */
export interface Toasts {
  success(title: string, message?: string): void;
  info(title: string, message?: string): void;
  /** An error from a failed call, with what to do next. */
  error(error: unknown, title?: string): void;
}

const ToastContext = createContext<Toasts | null>(null);

export function ToastProvider({ children }: { children: ReactNode }) {
  const [items, setItems] = useState<ToastItem[]>([]);
  const next = useRef(1);

  const dismiss = useCallback(
    (id: number) => setItems((current) => current.filter((item) => item.id !== id)),
    [],
  );
  const push = useCallback(
    (item: Omit<ToastItem, 'id'>) => {
      const id = next.current++;
      setItems((current) => [...current.slice(-3), { ...item, id }]);
      window.setTimeout(() => dismiss(id), item.tone === 'danger' ? 12_000 : 5_000);
    },
    [dismiss],
  );

  const toasts = useMemo<Toasts>(
    () => ({
      success: (title, message) => push({ tone: 'success', title, message }),
      info: (title, message) => push({ tone: 'info', title, message }),
      error: (error, title) => {
        const description = describeError(error);
        push({
          tone: 'danger',
          title: title ?? description.title,
          message: `${description.message} — ${description.action}`,
        });
      },
    }),
    [push],
  );

  return (
    <ToastContext.Provider value={toasts}>
      {children}
      <div className="ui-toasts" aria-live="polite" aria-relevant="additions">
        {items.map((item) => (
          <div key={item.id} className="ui-toast">
            <Alert
              tone={item.tone}
              title={item.title}
              actions={
                <Button size="sm" variant="ghost" onClick={() => dismiss(item.id)}>
                  Dismiss
                </Button>
              }
            >
              {item.message}
            </Alert>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

/** The toasts of the app. */
export function useToasts(): Toasts {
  const toasts = useContext(ToastContext);
  if (!toasts) throw new Error('useToasts needs a <ToastProvider>');
  return toasts;
}
