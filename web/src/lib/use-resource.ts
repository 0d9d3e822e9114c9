/**
 * Loading data in a page: `useResource` runs a loader when its inputs change (aborting the previous
 * run), keeps the last data while reloading, and exposes `reload`; `useAction` runs one mutation at
 * a time and keeps its error for the form.
 */
import { type DependencyList, useCallback, useEffect, useRef, useState } from 'react';

export interface Resource<T> {
  data: T | undefined;
  error: unknown;
  /** True while a load runs (also during a reload that keeps older data on screen). */
  loading: boolean;
  reload: () => void;
  /** Replaces the data locally (after a mutation answered with the new state). */
  setData: (update: T | ((current: T | undefined) => T)) => void;
}

/** Loads `loader(signal)` now and whenever `deps` change; `pollMs` reloads on a timer while mounted. */
export function useResource<T>(
  loader: (signal: AbortSignal) => Promise<T>,
  deps: DependencyList,
  options: { pollMs?: number | undefined; enabled?: boolean } = {},
): Resource<T> {
  const [data, setDataState] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(options.enabled !== false);
  const [version, setVersion] = useState(0);
  const loaderRef = useRef(loader);
  loaderRef.current = loader;
  const enabled = options.enabled !== false;

  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller's deps decide when to reload.
  useEffect(() => {
    if (!enabled) {
      setLoading(false);
      return;
    }
    const controller = new AbortController();
    setLoading(true);
    loaderRef.current(controller.signal).then(
      (value) => {
        if (controller.signal.aborted) return;
        setDataState(value);
        setError(undefined);
        setLoading(false);
      },
      (failure: unknown) => {
        if (controller.signal.aborted) return;
        setError(failure);
        setLoading(false);
      },
    );
    return () => controller.abort();
  }, [...deps, version, enabled]);

  useEffect(() => {
    if (!options.pollMs || !enabled) return;
    const timer = window.setInterval(() => setVersion((value) => value + 1), options.pollMs);
    return () => window.clearInterval(timer);
  }, [options.pollMs, enabled]);

  const reload = useCallback(() => setVersion((value) => value + 1), []);
  const setData = useCallback((update: T | ((current: T | undefined) => T)) => {
    setDataState((current) =>
      typeof update === 'function' ? (update as (current: T | undefined) => T)(current) : update,
    );
  }, []);
  return { data, error, loading, reload, setData };
}

export interface Action<A extends unknown[], R> {
  run: (...args: A) => Promise<R | undefined>;
  busy: boolean;
  error: unknown;
  reset: () => void;
}

/**
 * Wraps a mutation: `run` resolves to its result, or undefined after a failure (the error is kept
 * in `error`, and passed to `onError` — typically a toast).
 */
export function useAction<A extends unknown[], R>(
  action: (...args: A) => Promise<R>,
  options: { onError?: (error: unknown) => void } = {},
): Action<A, R> {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const actionRef = useRef(action);
  actionRef.current = action;
  const onErrorRef = useRef(options.onError);
  onErrorRef.current = options.onError;
  const running = useRef(false);

  const run = useCallback(async (...args: A) => {
    if (running.current) return undefined;
    running.current = true;
    setBusy(true);
    setError(undefined);
    try {
      return await actionRef.current(...args);
    } catch (failure) {
      setError(failure);
      onErrorRef.current?.(failure);
      return undefined;
    } finally {
      running.current = false;
      setBusy(false);
    }
  }, []);
  const reset = useCallback(() => setError(undefined), []);
  return { run, busy, error, reset };
}
