import { useEffect, useMemo, useRef, useState } from 'react';
import { DISTRICT_ROOM, STREETS } from '../../../model/index.ts';
import { boundsOf, type Bounds } from '../data/bounds.ts';
import type { FeatureRecord } from '../data/record.ts';
import type { MapController, Padding } from '../map/controller.ts';
import { currentPresenter } from '../sync/presence.ts';
import type { SyncStore } from '../sync/syncStore.ts';
import { Tour, type TourState, type TourStep } from './tour.ts';

const STEPS: TourStep[] = [{ kind: 'overview' }, ...STREETS.map((s) => ({ kind: 'street' as const, street: s.id }))];
const FLIGHT_MS = 2500;
const FOLLOW_MS = 600;

type Places = { zone: Bounds | null; streets: Map<string, { id: string; bounds: Bounds }> };

/** Each subdistrict's feature id and extent, from the street layer (rebuilt only when it changes). */
export function streetPlaces(streets: readonly FeatureRecord[], zone: Bounds | null): Places {
  const out = new Map<string, { id: string; bounds: Bounds }>();
  for (const r of streets) {
    const key = typeof r.fields.street === 'string' ? r.fields.street : r.id;
    const bounds = boundsOf([r.geometry]);
    if (bounds) out.set(key, { id: r.id, bounds });
  }
  // The tour's "whole zone" stop frames the subdistricts, not the zone outline's detached piece.
  const all = boundsOf(streets.map((r) => r.geometry));
  return { zone: all ?? zone, streets: out };
}

/**
 * Runs the auto-tour on the map and hands it the presenter from the `district` room's awareness.
 * Starts once the map exists and the zone's extent is known; everything is disposed on unmount.
 */
export function useTour(opts: {
  sync: SyncStore;
  controller: MapController | null;
  places: Places;
  districtOpen: boolean;
  dwellMs: number;
  /** The margins each kind of stop keeps clear (a subdistrict is framed beside the caption). */
  padding: { zone: Padding; street: Padding };
}): TourState {
  const { sync, controller, places, districtOpen, dwellMs, padding } = opts;
  const [state, setState] = useState<TourState>(() => ({ mode: dwellMs > 0 ? 'tour' : 'still', step: STEPS[0]!, presenter: null }));
  const tourRef = useRef<Tour | null>(null);
  const ready = controller !== null && places.zone !== null;

  useEffect(() => {
    if (!ready) return;
    const tour = new Tour(STEPS, dwellMs, setState);
    tourRef.current = tour;
    tour.start();
    return () => {
      tour.destroy();
      tourRef.current = null;
    };
  }, [ready, dwellMs]);

  // The presenter: whoever in the district room shares a view (see sync/presence.ts).
  useEffect(() => {
    const awareness = districtOpen ? sync.awareness(DISTRICT_ROOM) : null;
    if (!awareness || !ready) return;
    const check = () => tourRef.current?.setPresenter(currentPresenter(awareness.getStates(), awareness.clientID));
    awareness.on('change', check);
    check();
    return () => {
      awareness.off('change', check);
      tourRef.current?.setPresenter(null);
    };
  }, [sync, districtOpen, ready]);

  // Move the camera for each new state; a presenter's every view change is a new state.
  const target = useMemo(() => {
    if (state.mode === 'presenter' && state.presenter) return { kind: 'view' as const, view: state.presenter, highlight: [] as string[] };
    if (state.step.kind === 'street') {
      const place = places.streets.get(state.step.street);
      if (place) return { kind: 'bounds' as const, bounds: place.bounds, highlight: [place.id], padding: padding.street };
    }
    return places.zone ? { kind: 'bounds' as const, bounds: places.zone, highlight: [] as string[], padding: padding.zone } : null;
  }, [state, places, padding]);

  useEffect(() => {
    if (!controller || !target) return;
    controller.setHighlight(target.highlight);
    // The wall's movements are its content: they play even where reduced motion is preferred.
    if (target.kind === 'view') controller.easeTo({ center: target.view.center, zoom: target.view.zoom }, { duration: FOLLOW_MS, essential: true });
    else controller.flyToBounds(target.bounds, { duration: dwellMs > 0 ? FLIGHT_MS : 0, maxZoom: 13.5, padding: target.padding, essential: true });
  }, [controller, target, dwellMs]);

  return state;
}
