import { useEffect, useId, useMemo, useRef } from 'react';
import { useStrings } from '../../i18n/i18n.ts';
import { matchesFilter } from '../filters/match.ts';
import { useFilterContext } from '../filters/useRecords.ts';
import type { Playback, PlaybackUnit } from '../uiState.ts';
import { useUi } from '../useUi.ts';
import type { Workspace } from '../workspace.ts';
import { clampStep, convertStep, nextStep, shownFilter, stepsOf, yearLevelIn } from './steps.ts';
import { playbackStrings } from './strings.ts';
import { usePlaybackSpan } from './usePlayback.ts';
import './playback.css';

/** How long a step shows while playing; longer for someone who asked the system for less motion. */
const STEP_MS = 1200;
const REDUCED_STEP_MS = 2400;
/** The toggle in the filter bar, where the focus goes back when playback is left. */
export const PLAYBACK_TOGGLE_ID = 'playback-toggle';

const UNITS: readonly PlaybackUnit[] = ['month', 'year'];

/** Drawn, not a character: the UI font has no media symbols, and a fallback glyph differs per system. */
const PlayIcon = () => (
  <svg className="playback__icon" aria-hidden="true" viewBox="0 0 12 12">
    <path d="M2.5 1.5v9l8-4.5z" fill="currentColor" />
  </svg>
);
const PauseIcon = () => (
  <svg className="playback__icon" aria-hidden="true" viewBox="0 0 12 12">
    <path d="M2.5 1.5h2.5v9h-2.5zM7 1.5h2.5v9h-2.5z" fill="currentColor" />
  </svg>
);

function stepMs(): number {
  const reduced = typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
  return reduced ? REDUCED_STEP_MS : STEP_MS;
}

/**
 * 时间回放 over the map's lower edge: play / pause, a slider over the steps (a native range input:
 * arrows, Home, End, Page keys), the step written out with its count of activities, month or year
 * steps, and 退出回放. Everything is this tab's session state (`ui.playback`): the map and the
 * charts read the step through `useShownFilter`, nothing is written to a document. It never
 * starts by itself: opening it shows the first step, paused; only 播放 steps on.
 */
export function PlaybackBar({ ws }: { ws: Workspace }) {
  const { playback } = useUi(ws.ui);
  return playback ? <Bar ws={ws} playback={playback} /> : null;
}

function Bar({ ws, playback }: { ws: Workspace; playback: Playback }) {
  const s = useStrings(playbackStrings);
  const { filter } = useUi(ws.ui);
  const ctx = useFilterContext(ws);
  const { kept, span } = usePlaybackSpan(ws, filter);
  const months = useMemo(() => stepsOf(span, 'month'), [span]);
  const years = useMemo(() => stepsOf(span, 'year'), [span]);
  const steps = playback.unit === 'month' ? months : years;
  const index = steps.indexOf(playback.step);
  const id = useId();
  const play = useRef<HTMLButtonElement>(null);

  const set = (patch: Partial<Playback>) => {
    const now = ws.ui.getSnapshot().playback;
    if (now) ws.ui.set({ playback: { ...now, ...patch } });
  };

  // Opened from the filter bar: the focus comes here, to 播放.
  useEffect(() => play.current?.focus(), []);

  // The span moved (a filter changed, an edit): keep the step inside it, by year when no activity has a date.
  useEffect(() => {
    const now = ws.ui.getSnapshot().playback;
    if (!now) return;
    const list = now.unit === 'month' ? months : years;
    let next: Playback = now;
    if (now.unit === 'month' && !months.length && years.length) next = { ...now, unit: 'year', step: convertStep(now.step, 'year', years) ?? years[0]! };
    else if (list.length) next = { ...now, step: clampStep(list, now.step)! };
    else if (now.playing) next = { ...now, playing: false };
    if (next !== now && (next.unit !== now.unit || next.step !== now.step || next.playing !== now.playing)) ws.ui.set({ playback: next });
  }, [ws, playback.unit, playback.step, months, years]);

  // Playing: the next step after a while, stopping at the last. Each step gets its full time, also
  // after a scrub; the timer lives with this bar, so leaving playback stops it.
  useEffect(() => {
    if (!playback.playing) return;
    const timer = setTimeout(() => {
      const now = ws.ui.getSnapshot().playback;
      if (!now?.playing) return;
      const next = nextStep(now.unit === 'month' ? months : years, now.step);
      ws.ui.set({ playback: next ? { ...now, step: next } : { ...now, playing: false } });
    }, stepMs());
    return () => clearTimeout(timer);
  }, [ws, playback.playing, playback.step, playback.unit, months, years]);

  const count = useMemo(() => {
    const shown = shownFilter(filter, playback);
    return kept.filter((a) => matchesFilter(a, shown, ctx, 'map')).length;
  }, [kept, filter, playback, ctx]);
  const hidden = playback.unit === 'month' && index >= 0 ? yearLevelIn(kept, playback.step.slice(0, 4)) : 0;

  const togglePlay = () => {
    if (playback.playing) set({ playing: false });
    // At the end, 播放 starts again from the first step.
    else set({ playing: true, step: nextStep(steps, playback.step) === null && steps.length > 1 ? steps[0]! : playback.step });
  };
  const setUnit = (unit: PlaybackUnit) => {
    if (unit === playback.unit) return;
    const step = convertStep(playback.step, unit, unit === 'month' ? months : years);
    if (step) set({ unit, step });
  };
  const leave = () => {
    ws.ui.set({ playback: null });
    // The bar is gone: the focus goes back to where playback was opened.
    requestAnimationFrame(() => document.getElementById(PLAYBACK_TOGGLE_ID)?.focus());
  };

  const label = index >= 0 ? s.step(playback.step) : '';
  return (
    <section className="playback" aria-label={s.label} data-testid="playback" data-map-overlay="">
      <div className="playback__row">
        <button
          ref={play}
          type="button"
          className="btn playback__play"
          onClick={togglePlay}
          disabled={steps.length < 2}
          data-testid="playback-play"
          data-playing={playback.playing}
        >
          {playback.playing ? <PauseIcon /> : <PlayIcon />}
          {playback.playing ? s.pause : s.play}
        </button>
        {/* Said when the user moves it, not at every step of a play (the slider says it too, when focused). */}
        <p className="playback__now" aria-live={playback.playing ? 'off' : 'polite'} data-testid="playback-now">
          {steps.length ? (
            <>
              <strong data-testid="playback-step">{label}</strong>
              <span className="playback__count" data-testid="playback-count">
                {s.count(count)}
              </span>
            </>
          ) : (
            <span>{s.nothing}</span>
          )}
        </p>
        <button type="button" className="btn btn--ghost playback__exit" onClick={leave} data-testid="playback-exit">
          <span aria-hidden="true">×</span>
          <span className="playback__exitword">{s.exit}</span>
        </button>
      </div>
      <div className="playback__row">
        <label className="playback__sr" htmlFor={`${id}-time`}>
          {s.time}
        </label>
        <input
          id={`${id}-time`}
          className="playback__slider"
          type="range"
          min={0}
          max={Math.max(0, steps.length - 1)}
          step={1}
          value={Math.max(0, index)}
          aria-valuetext={label}
          aria-describedby={`${id}-window`}
          disabled={steps.length < 2}
          onChange={(e) => {
            const step = steps[Number(e.currentTarget.value)];
            if (step) set({ step });
          }}
          data-testid="playback-slider"
        />
        <div className="playback__units" role="group" aria-label={s.unit}>
          {UNITS.map((unit) => (
            <button
              key={unit}
              type="button"
              className="fbar__chip"
              aria-pressed={playback.unit === unit}
              disabled={unit === 'month' ? !months.length : !years.length}
              onClick={() => setUnit(unit)}
              data-testid={`playback-unit-${unit}`}
            >
              {s[unit]}
            </button>
          ))}
        </div>
      </div>
      <p className="playback__hint" id={`${id}-window`}>
        {s.window}
        {filter.dateFrom || filter.dateTo ? s.bounded : ''}
      </p>
      {hidden > 0 && (
        <p className="playback__note" role="status" data-testid="playback-year-level">
          {s.yearLevel(playback.step.slice(0, 4), hidden)}
          <button type="button" className="btn btn--ghost playback__switch" onClick={() => setUnit('year')} data-testid="playback-show-year">
            {s.showYear}
          </button>
        </p>
      )}
      {!months.length && years.length > 0 && (
        <p className="playback__note" data-testid="playback-no-months">
          {s.noMonths}
        </p>
      )}
    </section>
  );
}
