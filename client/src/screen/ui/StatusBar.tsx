import { useEffect, useState } from 'react';
import { LanguageButton } from '../../ui/LanguageButton.tsx';
import { clockTime } from '../feedText.ts';
import type { Health } from '../health.ts';
import { screenWords, useScreenWords } from '../words.ts';

/** The wall's clock: its own one-second state, so the tick re-renders nothing else. */
function Clock() {
  const w = useScreenWords();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const d = new Date(now);
  return (
    <div className="clock">
      <span className="clock__date">{d.toLocaleDateString(w.locale, { year: 'numeric', month: w.lang === 'en' ? 'short' : 'long', day: 'numeric', weekday: 'short' })}</span>
      <span className="clock__time">{clockTime(now, true)}</span>
    </div>
  );
}

export function LivePill({ health }: { health: Health }) {
  const w = useScreenWords();
  const live = health.kind === 'live';
  return (
    <span className={`live live--${health.kind}`} data-testid="live" data-health={health.kind}>
      <span className="live__dot" aria-hidden="true" />
      {live ? w.health.live : health.kind === 'refused' ? '' : health.kind === 'starting' ? w.health.starting : w.health.reconnecting}
    </span>
  );
}

/** Across the top of the stage when the figures can no longer be trusted to be current. */
export function StaleBanner({ health }: { health: Health }) {
  const w = useScreenWords();
  if (health.kind !== 'stale' && health.kind !== 'refused') return null;
  const text =
    health.kind === 'refused'
      ? w.health.refused
      : health.lastSynced === null
        ? w.health.staleNever
        : w.health.stale(clockTime(health.lastSynced, true));
  return (
    <div className="banner" role="alert" data-testid="stale-banner">
      {text}
    </div>
  );
}

export function ScreenHeader({ health }: { health: Health }) {
  const w = useScreenWords();
  return (
    <header className="screen-header">
      <div className="screen-header__brand">
        <h1>{w.title}</h1>
        <span>{w.subtitle}</span>
      </div>
      <div className="screen-header__side">
        <LivePill health={health} />
        <Clock />
        {/* The wall has no mouse: `?lang=en` on its link sets it; this is for a screen at a desk. */}
        <LanguageButton words={screenWords} className="screen-header__lang" />
      </div>
    </header>
  );
}
