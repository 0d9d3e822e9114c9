import { describe, expect, it } from 'vitest';
import {
  countdownAnnouncement,
  countdownLevel,
  describeDuration,
  formatClock,
  localDeadline,
  secondsLeft,
} from './countdown.ts';

describe('countdown', () => {
  it('anchors the server time to the local clock', () => {
    const deadline = localDeadline(90, 1_000_000);
    expect(secondsLeft(deadline, 1_000_000)).toBe(90);
    expect(secondsLeft(deadline, 1_000_500)).toBe(90);
    expect(secondsLeft(deadline, 1_001_000)).toBe(89);
    expect(secondsLeft(deadline, 2_000_000)).toBe(0);
    expect(localDeadline(-5, 10)).toBe(10);
  });

  it('formats the clock', () => {
    expect(formatClock(0)).toBe('0:00');
    expect(formatClock(9)).toBe('0:09');
    expect(formatClock(725)).toBe('12:05');
    expect(formatClock(3723)).toBe('1:02:03');
  });

  it('describes durations in words', () => {
    expect(describeDuration(3600)).toBe('1 hour');
    expect(describeDuration(3720)).toBe('1 hour 2 minutes');
    expect(describeDuration(270)).toBe('4 minutes 30 seconds');
    expect(describeDuration(1800)).toBe('30 minutes');
    expect(describeDuration(1)).toBe('1 second');
  });

  it('warns at 5 minutes and is urgent in the last minute', () => {
    expect(countdownLevel(301)).toBe('normal');
    expect(countdownLevel(300)).toBe('warning');
    expect(countdownLevel(60)).toBe('critical');
    expect(countdownLevel(0)).toBe('over');
  });

  it('announces only the thresholds it crosses', () => {
    expect(countdownAnnouncement(302, 301)).toBeNull();
    expect(countdownAnnouncement(301, 300)).toBe('Five minutes left.');
    expect(countdownAnnouncement(61, 60)).toBe('One minute left.');
    expect(countdownAnnouncement(1, 0)).toMatch(/Time is up/);
    expect(countdownAnnouncement(0, 0)).toBeNull();
    // A jump across both (a sleeping laptop) says the most urgent.
    expect(countdownAnnouncement(400, 30)).toBe('One minute left.');
  });
});
