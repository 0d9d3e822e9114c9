/**
 * The replay's timeline logic: what kind each event is (for the marker colors), where the files
 * last changed (the code view only reloads then), one-line summaries, the playback pace, and a
 * small cache for files at a seq. Pure.
 */
import type { StoredEvent } from '../../../src/modules/interviews/interviews.schema.ts';

export type { StoredEvent };

/** Marker families on the scrubber. */
export type EventKind = 'file' | 'run' | 'ai' | 'terminal' | 'agent' | 'integrity' | 'milestone' | 'other';

/** Label and color of each kind (colors chosen to stay apart for common color blindness). */
export const EVENT_KINDS: Record<EventKind, { label: string; color: string }> = {
  file: { label: 'File changes', color: '#0072b2' },
  run: { label: 'Test runs', color: '#009e73' },
  ai: { label: 'AI turns and tool calls', color: '#cc79a7' },
  terminal: { label: 'Terminal', color: '#56b4e9' },
  agent: { label: 'Agent decisions', color: '#e69f00' },
  integrity: { label: 'Integrity events', color: '#d55e00' },
  milestone: { label: 'Questions and session', color: '#444444' },
  other: { label: 'Other', color: '#999999' },
};

/** The order of the legend. */
export const KIND_ORDER: EventKind[] = [
  'file',
  'run',
  'ai',
  'terminal',
  'agent',
  'integrity',
  'milestone',
  'other',
];

/** The kind of an event type. */
export function kindOf(type: string): EventKind {
  const family = type.split('.')[0];
  switch (family) {
    case 'file':
      return 'file';
    case 'run':
      return 'run';
    case 'ai':
      return 'ai';
    case 'terminal':
      return 'terminal';
    case 'agent':
      return 'agent';
    case 'integrity':
      return 'integrity';
    case 'session':
    case 'question':
      return 'milestone';
    default:
      return 'other';
  }
}

/** Event types that change the files (a new question replaces them with its starter files). */
const FILE_CHANGING = new Set([
  'question.started',
  'file.created',
  'file.changed',
  'file.deleted',
  'file.renamed',
]);

/** Whether an event changes the workspace. */
export function changesFiles(event: Pick<StoredEvent, 'type'>): boolean {
  return FILE_CHANGING.has(event.type);
}

/** Index of the last event with seq ≤ `seq` in seq-sorted `events`, or -1. */
export function indexAtOrBefore(events: readonly Pick<StoredEvent, 'seq'>[], seq: number): number {
  let low = 0;
  let high = events.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if ((events[mid]?.seq ?? 0) <= seq) {
      found = mid;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  return found;
}

/**
 * The seq of the last file-changing event at or before `seq` (0 when there is none): the files
 * at `seq` are the files at this seq, so it is the code view's cache key.
 */
export function filesVersionAt(fileChangeSeqs: readonly number[], seq: number): number {
  let low = 0;
  let high = fileChangeSeqs.length - 1;
  let found = 0;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const value = fileChangeSeqs[mid] ?? 0;
    if (value <= seq) {
      found = value;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  return found;
}

/** The seqs of the file-changing events, ascending. */
export function fileChangeSeqs(events: readonly StoredEvent[]): number[] {
  return events.filter(changesFiles).map((event) => event.seq);
}

/**
 * What the diff compares at `seq`: the last file change at or before it (`after`) against the
 * files just before that change (`before`, the previous file change's version). Null before any.
 */
export function diffRangeAt(
  fileSeqs: readonly number[],
  seq: number,
): { before: number; after: number } | null {
  const after = filesVersionAt(fileSeqs, seq);
  if (after === 0) return null;
  return { before: filesVersionAt(fileSeqs, after - 1), after };
}

/** The seq `step` events away in the direction, limited to `kinds` when given (for "next run" etc.). */
export function stepSeq(
  events: readonly StoredEvent[],
  seq: number,
  direction: 1 | -1,
  kinds?: ReadonlySet<EventKind>,
): number | null {
  const matches = (event: StoredEvent) => !kinds || kinds.has(kindOf(event.type));
  if (direction === 1) {
    for (let i = indexAtOrBefore(events, seq) + 1; i < events.length; i++) {
      const event = events[i];
      if (event && event.seq > seq && matches(event)) return event.seq;
    }
  } else {
    for (let i = indexAtOrBefore(events, seq); i >= 0; i--) {
      const event = events[i];
      if (event && event.seq < seq && matches(event)) return event.seq;
    }
  }
  return null;
}

/**
 * Milliseconds to wait before showing the next event at `speed`: the real gap, at least 150 ms
 * (so a burst is still visible) and at most 3 s (so idle minutes do not stall the replay).
 */
export function playbackDelay(
  current: Pick<StoredEvent, 'ts'>,
  next: Pick<StoredEvent, 'ts'>,
  speed: number,
): number {
  const gap = Date.parse(next.ts) - Date.parse(current.ts);
  const real = Number.isFinite(gap) ? gap : 1000;
  return Math.round(Math.min(Math.max(real, 150), 3_000) / Math.max(speed, 0.25));
}

const num = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Removes terminal control sequences (colors, cursor moves) so recorded output reads as text. */
export function stripAnsi(text: string): string {
  return (
    text
      // CSI sequences (colors, bracketed paste mode), OSC titles, and lone escapes.
      // biome-ignore lint/suspicious/noControlCharactersInRegex: matching terminal escape codes is the point
      .replace(/\u001b\[[0-?]*[ -/]*[@-~]/g, '')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: matching terminal escape codes is the point
      .replace(/\u001b\][^\u0007\u001b]*(\u0007|\u001b\\)/g, '')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: matching terminal escape codes is the point
      .replace(/\u001b[@-_]/g, '')
      .replace(/\r\n/g, '\n')
      .replace(/\r/g, '')
  );
}

const shorten = (text: string, max = 80): string => {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
};

/** A one-line summary of an event, for marker titles and lists. */
export function summarizeEvent(event: StoredEvent): string {
  const d = event.data;
  switch (event.type) {
    case 'session.started':
      return `Interview started (${str(d.language) ?? 'language unknown'}, AI ${str(d.aiPolicy) ?? '?'})`;
    case 'session.completed':
      return `Interview ended: ${str(d.reason)?.replace(/_/g, ' ') ?? str(d.status) ?? ''}`;
    case 'question.started':
      return `Question ${(num(d.position) ?? 0) + 1} started: ${str(d.title) ?? ''}`;
    case 'question.submitted': {
      const score = num(d.score);
      return `Question ${(num(d.position) ?? 0) + 1} ${d.autoSubmitted ? 'auto-submitted' : 'submitted'}${
        score !== undefined ? ` — score ${Math.round(score * 100)} %` : ''
      }`;
    }
    case 'file.created':
      return `Created ${event.filePath ?? 'a file'}`;
    case 'file.changed':
      return `Edited ${event.filePath ?? 'a file'} (+${num(d.added) ?? 0} −${num(d.removed) ?? 0} lines)`;
    case 'file.deleted':
      return `Deleted ${event.filePath ?? 'a file'}`;
    case 'file.renamed':
      return `Renamed ${str(d.from) ?? '?'} → ${event.filePath ?? str(d.to) ?? '?'}`;
    case 'file.opened':
      return `Opened ${event.filePath ?? 'a file'}`;
    case 'run.visible':
    case 'run.hidden':
      return `${event.type === 'run.hidden' ? 'Hidden' : 'Visible'} tests: ${num(d.passed) ?? 0}/${num(d.total) ?? 0} passed${
        str(d.status) && d.status !== 'ok' ? ` (${String(d.status).replace(/_/g, ' ')})` : ''
      }`;
    case 'ai.message':
      return `${d.role === 'assistant' ? 'AI' : 'Candidate'}: ${shorten(str(d.text) ?? '')}`;
    case 'ai.tool_call':
      return `AI tool ${str(d.name) ?? '?'}${d.ok === false ? ' (failed)' : ''}: ${shorten(str(d.resultSummary) ?? '', 60)}`;
    case 'agent.decision': {
      const theta = num(d.theta);
      return `Agent: ${str(d.decision)?.replace(/_/g, ' ') ?? 'decision'}${
        str(d.difficulty) ? ` (${d.difficulty})` : ''
      }${theta !== undefined ? `, θ ${theta.toFixed(2)}` : ''}`;
    }
    case 'integrity.paste':
      return `Pasted ${num(d.chars) ?? '?'} characters${event.filePath ? ` into ${event.filePath}` : ''}`;
    case 'integrity.focus_lost':
      return 'Left the interview window';
    case 'integrity.focus_gained': {
      const away = num(d.awayMs);
      return `Came back to the window${away !== undefined ? ` after ${Math.round(away / 1000)} s` : ''}`;
    }
    case 'terminal.input':
      return `Terminal input: ${shorten(stripAnsi(str(d.data) ?? ''), 60)}`;
    case 'terminal.output':
      return `Terminal output (${num(d.chars) ?? 0} characters)`;
    case 'terminal.opened':
      return 'Terminal opened';
    case 'terminal.closed':
      return `Terminal closed${str(d.reason) ? `: ${d.reason}` : ''}`;
    default:
      return event.type;
  }
}

/** Elapsed time since the start as `m:ss` or `h:mm:ss`. */
export function formatElapsed(fromIso: string, toIso: string): string {
  const ms = Math.max(0, Date.parse(toIso) - Date.parse(fromIso));
  const total = Number.isFinite(ms) ? Math.floor(ms / 1000) : 0;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** A bounded cache that forgets the least recently used entry. */
export interface LruCache<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): void;
  has(key: K): boolean;
  readonly size: number;
}

/** Creates an LRU cache holding at most `limit` entries. */
export function createLruCache<K, V>(limit: number): LruCache<K, V> {
  const map = new Map<K, V>();
  return {
    get(key) {
      if (!map.has(key)) return undefined;
      const value = map.get(key) as V;
      map.delete(key);
      map.set(key, value);
      return value;
    },
    set(key, value) {
      map.delete(key);
      map.set(key, value);
      while (map.size > limit) {
        const oldest = map.keys().next();
        if (oldest.done) break;
        map.delete(oldest.value);
      }
    },
    has: (key) => map.has(key),
    get size() {
      return map.size;
    },
  };
}

/** Parses `?seq=` into a seq within [min, max], or null. */
export function parseSeqParam(raw: string | null | undefined, min: number, max: number): number | null {
  if (raw === null || raw === undefined || raw.trim() === '') return null;
  const value = Number(raw);
  if (!Number.isInteger(value)) return null;
  return Math.min(Math.max(value, min), max);
}

/** Which kind wins when several share one marker slot (the rarer, more telling ones first). */
const KIND_PRIORITY: EventKind[] = [
  'integrity',
  'agent',
  'run',
  'ai',
  'milestone',
  'file',
  'terminal',
  'other',
];

/** One marker on the scrubber: a slot of the seq range and the most telling kind in it. */
export interface Marker {
  /** Position along the scrubber, 0–100 (%). */
  position: number;
  kind: EventKind;
  /** The first seq of that kind in the slot (where a click jumps). */
  seq: number;
  /** Events of enabled kinds in the slot. */
  count: number;
}

/**
 * Markers for the scrubber, at most `slots` of them: thousands of events stay cheap to draw, and
 * each slot shows the most telling kind it contains. Only `enabled` kinds are drawn.
 */
export function buildMarkers(
  events: readonly StoredEvent[],
  range: { min: number; max: number },
  enabled: ReadonlySet<EventKind>,
  slots = 300,
): Marker[] {
  const span = Math.max(1, range.max - range.min);
  const bySlot = new Map<number, Marker>();
  for (const event of events) {
    const kind = kindOf(event.type);
    if (!enabled.has(kind)) continue;
    const fraction = (event.seq - range.min) / span;
    const slot = Math.min(slots - 1, Math.max(0, Math.floor(fraction * slots)));
    const existing = bySlot.get(slot);
    if (!existing) {
      bySlot.set(slot, {
        position: Math.min(100, Math.max(0, fraction * 100)),
        kind,
        seq: event.seq,
        count: 1,
      });
      continue;
    }
    existing.count += 1;
    if (KIND_PRIORITY.indexOf(kind) < KIND_PRIORITY.indexOf(existing.kind)) {
      existing.kind = kind;
      existing.seq = event.seq;
      existing.position = Math.min(100, Math.max(0, fraction * 100));
    }
  }
  return [...bySlot.entries()].sort(([a], [b]) => a - b).map(([, marker]) => marker);
}
