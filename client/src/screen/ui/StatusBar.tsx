import { useEffect, useState } from 'react';
import { zhScreen } from '../../i18n/zhScreen.ts';
import { clockTime } from '../feedText.ts';
import type { Health } from '../health.ts';

/** The wall's clock: its own one-second state, so the tick re-renders nothing else. */
function Clock() {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const d = new Date(now);
  return (
    <div className="clock">
      <span className="clock__date">{d.toLocaleDateString('zh-CN', { year: 'numeric', month: 'long', day: 'numeric', weekday: 'short' })}</span>
      <span className="clock__time">{clockTime(now, true)}</span>
    </div>
  );
}

export function LivePill({ health }: { health: Health }) {
  const live = health.kind === 'live';
  return (
    <span className={`live live--${health.kind}`} data-testid="live" data-health={health.kind}>
      <span className="live__dot" aria-hidden="true" />
      {live ? zhScreen.health.live : health.kind === 'refused' ? '' : health.kind === 'starting' ? zhScreen.health.starting : zhScreen.health.reconnecting}
    </span>
  );
}

/** Across the top of the stage when the figures can no longer be trusted to be current. */
export function StaleBanner({ health }: { health: Health }) {
  if (health.kind !== 'stale' && health.kind !== 'refused') return null;
  const text =
    health.kind === 'refused'
      ? zhScreen.health.refused
      : health.lastSynced === null
        ? zhScreen.health.staleNever
        : zhScreen.health.stale(clockTime(health.lastSynced, true));
  return (
    <div className="banner" role="alert" data-testid="stale-banner">
      {text}
    </div>
  );
}

export function ScreenHeader({ health }: { health: Health }) {
  return (
    <header className="screen-header">
      <div className="screen-header__brand">
        <h1>{zhScreen.title}</h1>
        <span>{zhScreen.subtitle}</span>
      </div>
      <div className="screen-header__side">
        <LivePill health={health} />
        <Clock />
      </div>
    </header>
  );
}
