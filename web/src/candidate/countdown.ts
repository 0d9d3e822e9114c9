/**
 * The countdown: the server's `remainingSeconds` anchored to this browser's clock when the state
 * arrived (so a wrong system clock does not matter), formatted, with warning levels and the few
 * moments announced to screen readers. Pure.
 */

/** Warn from this many seconds before the end. */
export const WARNING_SECONDS = 5 * 60;
/** Urgent from this many seconds before the end. */
export const CRITICAL_SECONDS = 60;

/** The local time (ms) at which the interview ends, from the server's remaining seconds. */
export function localDeadline(remainingSeconds: number, receivedAtMs: number): number {
  return receivedAtMs + Math.max(0, remainingSeconds) * 1000;
}

/** Whole seconds left at `nowMs` (never negative). */
export function secondsLeft(deadlineMs: number, nowMs: number): number {
  return Math.max(0, Math.ceil((deadlineMs - nowMs) / 1000));
}

/** `1:02:03`, `12:05` or `0:09`. */
export function formatClock(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** Spoken form: "1 hour 2 minutes", "4 minutes 30 seconds", "45 seconds". */
export function describeDuration(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const part = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (h > 0) return m > 0 ? `${part(h, 'hour')} ${part(m, 'minute')}` : part(h, 'hour');
  if (m > 0) return s > 0 && m < 5 ? `${part(m, 'minute')} ${part(s, 'second')}` : part(m, 'minute');
  return part(s, 'second');
}

/** The countdown's look. */
export type CountdownLevel = 'normal' | 'warning' | 'critical' | 'over';

/** The level at `seconds` left. */
export function countdownLevel(seconds: number): CountdownLevel {
  if (seconds <= 0) return 'over';
  if (seconds <= CRITICAL_SECONDS) return 'critical';
  if (seconds <= WARNING_SECONDS) return 'warning';
  return 'normal';
}

/**
 * What to announce when the time left moves from `before` to `after` seconds: crossing 5 minutes,
 * 1 minute and the end; nothing otherwise (a live region that speaks every second is noise).
 */
export function countdownAnnouncement(before: number, after: number): string | null {
  if (before > 0 && after <= 0) return 'Time is up. Your work is being submitted.';
  if (before > CRITICAL_SECONDS && after <= CRITICAL_SECONDS) return 'One minute left.';
  if (before > WARNING_SECONDS && after <= WARNING_SECONDS) return 'Five minutes left.';
  return null;
}
