/**
 * The countdown in the header: ticks every second, turns amber at 5 minutes and red in the last
 * minute, announces those moments to screen readers, and calls `onExpire` once at zero.
 */
import { useEffect, useRef, useState } from 'react';
import {
  countdownAnnouncement,
  countdownLevel,
  describeDuration,
  formatClock,
  secondsLeft,
} from './countdown.ts';

/** Props of `CountdownView`. */
export interface CountdownViewProps {
  /** Local time (ms) at which the interview ends. */
  deadlineMs: number;
  onExpire(): void;
}

/** The time left. */
export function CountdownView({ deadlineMs, onExpire }: CountdownViewProps) {
  const [left, setLeft] = useState(() => secondsLeft(deadlineMs, Date.now()));
  const [announcement, setAnnouncement] = useState('');
  const previous = useRef(left);
  const expired = useRef(false);
  const onExpireRef = useRef(onExpire);
  onExpireRef.current = onExpire;

  useEffect(() => {
    const tick = () => {
      const now = secondsLeft(deadlineMs, Date.now());
      const said = countdownAnnouncement(previous.current, now);
      if (said) setAnnouncement(said);
      previous.current = now;
      setLeft(now);
      if (now <= 0 && !expired.current) {
        expired.current = true;
        onExpireRef.current();
      }
    };
    tick();
    const timer = setInterval(tick, 1_000);
    return () => clearInterval(timer);
  }, [deadlineMs]);

  const level = countdownLevel(left);
  return (
    <div className={`ilm-countdown ilm-countdown-${level}`}>
      <span className="ilm-countdown-label">Time left</span>
      <span
        role="timer"
        aria-live="off"
        aria-label={`Time left: ${describeDuration(left)}`}
        className="ilm-countdown-clock"
      >
        {formatClock(left)}
      </span>
      <span className="ilm-visually-hidden" aria-live="assertive" aria-atomic="true">
        {announcement}
      </span>
    </div>
  );
}
