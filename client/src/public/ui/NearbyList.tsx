import { useEffect, useRef } from 'react';
import type { LocateFailure } from '../../map/geolocate.ts';
import { distanceText, type NearbyPlace } from '../nearby.ts';
import type { PlaceLink } from '../placeCard.ts';
import { usePublicWords } from '../words.ts';

export type NearbyState = { status: 'off' } | { status: 'locating' } | { status: 'failed'; reason: LocateFailure } | { status: 'found'; here: [number, number] };

/**
 * 我的位置's list: while locating a status line, when refused or unavailable why (and what to do),
 * then the nearest venues and activities with their distance, each opening its card. The heading
 * takes the focus when the list arrives, so keyboard and screen-reader users land on it.
 */
export function NearbyList({
  state,
  places,
  onOpen,
  onRetry,
  onClose,
}: {
  state: NearbyState;
  places: readonly NearbyPlace[];
  onOpen: (link: PlaceLink) => void;
  onRetry: () => void;
  onClose: () => void;
}) {
  const w = usePublicWords();
  const heading = useRef<HTMLHeadingElement>(null);
  const found = state.status === 'found';
  useEffect(() => {
    if (found) heading.current?.focus();
  }, [found]);
  return (
    <section className="nearby" data-testid="nearby" data-status={state.status}>
      <header className="sheet__summary nearby__head">
        <h2 className="nearby__title" ref={heading} tabIndex={-1}>
          {w.nearby.title}
        </h2>
        <button type="button" className="icon-button" onClick={onClose} aria-label={w.nearby.close} data-testid="nearby-close">
          ×
        </button>
      </header>
      {state.status === 'locating' && (
        <p className="muted" role="status">
          {w.nearby.locating}
        </p>
      )}
      {state.status === 'failed' && (
        <>
          <p className="nearby__problem" role="alert" data-testid="nearby-problem">
            {w.nearby[state.reason]}
          </p>
          <button type="button" className="pill-button" onClick={onRetry} data-testid="nearby-retry">
            {w.nearby.retry}
          </button>
        </>
      )}
      {found && places.length === 0 && <p className="muted">{w.nearby.empty}</p>}
      {found && places.length > 0 && (
        <ol className="places__list">
          {places.map((p) => {
            const distance = distanceText(p.distanceM, w);
            return (
              <li key={p.id}>
                <button
                  type="button"
                  className="list-item list-item--distance"
                  onClick={() => onOpen({ id: p.id, layer: p.layer, name: p.name, meta: distance })}
                  data-testid="nearby-item"
                  data-id={p.id}
                >
                  <span className="list-item__text">
                    <span className="list-item__name">{p.name}</span>
                    <span className="list-item__meta">{w.shared.layerNames[p.layer] ?? p.layer}</span>
                  </span>
                  <span className="list-item__distance" data-testid="nearby-distance">
                    {distance}
                  </span>
                </button>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
