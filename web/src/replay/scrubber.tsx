/**
 * The timeline scrubber: one range input over seq (arrows step one event, PageUp/PageDown ten,
 * Home/End the ends — all native), colored markers by kind above it, play/pause with speeds, and
 * buttons to step between events and between markers of the kinds shown. Space or K on the
 * scrubber toggles playback.
 */
import type { KeyboardEvent } from 'react';
import { useMemo } from 'react';
import { buildMarkers, EVENT_KINDS, type EventKind, KIND_ORDER, type StoredEvent } from './timeline-model.ts';

/** Playback speeds offered. */
export const SPEEDS = [1, 2, 4, 8] as const;

/** Props of `Scrubber`. */
export interface ScrubberProps {
  events: readonly StoredEvent[];
  min: number;
  max: number;
  seq: number;
  /** Spoken position, e.g. "Event 12 of 40, 3:05: Edited solution.py". */
  valueText: string;
  playing: boolean;
  speed: number;
  enabled: ReadonlySet<EventKind>;
  /** Kinds present in this session (the legend lists only those). */
  present: ReadonlySet<EventKind>;
  onSeek(seq: number): void;
  onTogglePlay(): void;
  onSpeed(speed: number): void;
  onToggleKind(kind: EventKind): void;
  onStep(direction: 1 | -1, markersOnly: boolean): void;
}

/** The scrubber. */
export function Scrubber(props: ScrubberProps) {
  const { events, min, max, enabled } = props;
  const markers = useMemo(() => buildMarkers(events, { min, max }, enabled), [events, min, max, enabled]);

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === ' ' || event.key === 'k' || event.key === 'K') {
      event.preventDefault();
      props.onTogglePlay();
    }
  };

  return (
    <section className="ilm-scrubber" aria-label="Timeline">
      <div className="ilm-scrubber-controls">
        <button
          type="button"
          className="ilm-button ilm-button-primary"
          onClick={props.onTogglePlay}
          aria-pressed={props.playing}
          disabled={max <= min}
        >
          {props.playing ? 'Pause' : props.seq >= max ? 'Replay' : 'Play'}
        </button>
        <fieldset className="ilm-speeds">
          <legend className="ilm-visually-hidden">Playback speed</legend>
          {SPEEDS.map((speed) => (
            <label key={speed} className={`ilm-speed ${props.speed === speed ? 'ilm-speed-on' : ''}`}>
              <input
                type="radio"
                name="ilm-replay-speed"
                value={speed}
                checked={props.speed === speed}
                onChange={() => props.onSpeed(speed)}
              />
              {speed}×
            </label>
          ))}
        </fieldset>
        <div className="ilm-step-buttons">
          <button
            type="button"
            className="ilm-button ilm-button-small"
            onClick={() => props.onStep(-1, true)}
          >
            <span aria-hidden="true">⇤</span> Previous marker
          </button>
          <button
            type="button"
            className="ilm-button ilm-button-small"
            onClick={() => props.onStep(-1, false)}
          >
            <span aria-hidden="true">←</span> Previous event
          </button>
          <button
            type="button"
            className="ilm-button ilm-button-small"
            onClick={() => props.onStep(1, false)}
          >
            Next event <span aria-hidden="true">→</span>
          </button>
          <button type="button" className="ilm-button ilm-button-small" onClick={() => props.onStep(1, true)}>
            Next marker <span aria-hidden="true">⇥</span>
          </button>
        </div>
      </div>

      <div className="ilm-scrubber-track">
        <div className="ilm-markers" aria-hidden="true">
          {markers.map((marker) => (
            <button
              key={`${marker.seq}-${marker.kind}`}
              type="button"
              tabIndex={-1}
              className="ilm-marker"
              style={{ left: `${marker.position}%`, background: EVENT_KINDS[marker.kind].color }}
              title={`${EVENT_KINDS[marker.kind].label}${marker.count > 1 ? ` (+${marker.count - 1} more)` : ''} — #${marker.seq}`}
              onClick={() => props.onSeek(marker.seq)}
            />
          ))}
        </div>
        <label htmlFor="ilm-scrubber-range" className="ilm-visually-hidden">
          Position in the session
        </label>
        <input
          id="ilm-scrubber-range"
          className="ilm-range"
          type="range"
          min={min}
          max={max}
          step={1}
          value={props.seq}
          aria-valuetext={props.valueText}
          aria-keyshortcuts="Space K"
          onChange={(event) => props.onSeek(Number(event.target.value))}
          onKeyDown={onKeyDown}
        />
      </div>

      <fieldset className="ilm-legend">
        <legend>Markers shown</legend>
        {KIND_ORDER.filter((kind) => props.present.has(kind)).map((kind) => (
          <label key={kind} className="ilm-legend-item">
            <input type="checkbox" checked={enabled.has(kind)} onChange={() => props.onToggleKind(kind)} />
            <span
              className="ilm-legend-swatch"
              style={{ background: EVENT_KINDS[kind].color }}
              aria-hidden="true"
            />
            {EVENT_KINDS[kind].label}
          </label>
        ))}
      </fieldset>
    </section>
  );
}
