/**
 * Integrity signals of the browser (only when the assessment has integrity monitoring, which the
 * candidate was told about): pastes with their size, and the window losing and regaining focus
 * with the time away. Blur and visibilitychange both fire when a candidate switches away; the
 * tracker reports one loss and one return. Pure: the caller wires DOM events to it.
 */

/** An integrity event to record. */
export interface IntegrityEvent {
  type: 'integrity.paste' | 'integrity.focus_lost' | 'integrity.focus_gained';
  filePath?: string;
  data: Record<string, unknown>;
}

/** Where the time of leaving is kept, so a reload (or closing the tab and coming back) still pairs it. */
export interface AwayStore {
  load(): number | null;
  save(awaySince: number | null): void;
}

/**
 * Tracks focus: `lost()` and `gained()` may be called repeatedly; each change is reported once.
 * With a store, a loss recorded before a reload is answered by the first `gained()` after it.
 */
export function createFocusTracker(
  report: (event: IntegrityEvent) => void,
  now: () => number = Date.now,
  store?: AwayStore,
) {
  let awaySince: number | null = store?.load() ?? null;
  const restored = awaySince !== null;
  let first = true;
  return {
    lost(reason: 'blur' | 'hidden') {
      if (awaySince !== null) return;
      awaySince = now();
      store?.save(awaySince);
      report({ type: 'integrity.focus_lost', data: { reason } });
    },
    gained() {
      const afterReload = first && restored;
      first = false;
      if (awaySince === null) return;
      const awayMs = Math.max(0, now() - awaySince);
      awaySince = null;
      store?.save(null);
      report({
        type: 'integrity.focus_gained',
        data: afterReload ? { awayMs, afterReload: true } : { awayMs },
      });
    },
    isAway: () => awaySince !== null,
  };
}

/** The paste event: size and shape only, never the pasted text. */
export function pasteEvent(
  filePath: string,
  info: { chars: number; lines: number; source: 'paste' | 'drop' },
): IntegrityEvent {
  return {
    type: 'integrity.paste',
    filePath,
    data: { chars: info.chars, lines: info.lines, source: info.source },
  };
}
