import { useCallback, useEffect, useLayoutEffect, useMemo, useState } from 'react';
import { PUBLIC_ROOM } from '../../../model/index.ts';
import { boundsOf } from '../data/bounds.ts';
import { useFeatures } from '../data/useFeatures.ts';
import type { MapController, Padding, Selection } from '../map/controller.ts';
import { ALL_ON, type Toggles } from '../map/layers/types.ts';
import type { Runtime } from '../runtime.ts';
import { useSync } from '../sync/useSync.ts';
import { extendTestHooks, setMapController } from '../testHooks.ts';
import { LanguageButton } from '../ui/LanguageButton.tsx';
import { MapView } from '../ui/MapView.tsx';
import { fullMapHref, isLinkLayer, withTarget, type LinkTarget } from './deepLink.ts';
import { onFirstViewOpen, removeFirstView } from './firstView.ts';
import { hasMapPainted, markFirstContent, onMapPainted } from './mapPainted.ts';
import { nearestPlaces } from './nearby.ts';
import { placeCard, type PlaceIndex, type PlaceLink } from './placeCard.ts';
import { ClosedNotice } from './ui/ClosedNotice.tsx';
import { LayerChips } from './ui/LayerChips.tsx';
import { NearbyList, type NearbyState } from './ui/NearbyList.tsx';
import { PlaceCardView } from './ui/PlaceCardView.tsx';
import { PlaceList } from './ui/PlaceList.tsx';
import { Sheet } from './ui/Sheet.tsx';
import { ZoneSketch } from './ui/ZoneSketch.tsx';
import { publicWords, usePublicWords } from './words.ts';

/** Wide windows show the sheet as a 400 px side panel; phones as a sheet over the lower part. */
const WIDE = 900;
const PLACE_ZOOM = 14.5;

function coverPadding(): Padding {
  const w = window.innerWidth;
  const h = window.innerHeight;
  return w >= WIDE ? { top: 60, bottom: 60, left: 440, right: 60 } : { top: 60, bottom: Math.round(h * 0.55), left: 30, right: 30 };
}

/**
 * The public map (`/public`): what the zone offers residents — venues with their opening hours,
 * activities and classes, partner organisations, the heat of activity — from the `public` room
 * only. Phone first: a bottom sheet for details and lists, big touch targets, shareable links.
 */
export function PublicApp({ runtime, embed, initialTarget }: { runtime: Runtime; embed: boolean; initialTarget: LinkTarget | null }) {
  const w = usePublicWords();
  const sync = useSync(runtime.sync);
  const data = useFeatures(runtime.features);
  const [toggles, setToggles] = useState<Toggles>(ALL_ON);
  const [selection, setSelection] = useState<Selection | null>(null);
  // Open on arrival: the list of places is what a visitor can use while the map is still loading.
  const [expanded, setExpanded] = useState(true);
  const [painted, setPainted] = useState(hasMapPainted);
  const [controller, setController] = useState<MapController | null>(null);
  const [pending, setPending] = useState<LinkTarget | null>(initialTarget);
  const [notFound, setNotFound] = useState(false);
  const [nearby, setNearby] = useState<NearbyState>({ status: 'off' });

  const room = sync.rooms.find((r) => r.room === PUBLIC_ROOM);
  // Switched off while open (4410), or the server offers no public room at all.
  const closed = room?.status === 'closed' || (sync.session !== null && sync.session.rooms.length === 0);

  // Re-created on every data change, so the open card follows live edits.
  const index = useMemo<PlaceIndex>(
    () => ({ get: (id) => runtime.features.details(id)?.record ?? null, all: (layer) => runtime.features.records(layer) }),
    // data.revision: the records behind `runtime.features` changed.
    [runtime, data.revision],
  );
  const card = selection ? placeCard(selection.id, index, w) : null;

  const fly = useCallback(
    (id: string) => {
      const record = index.get(id);
      if (!controller || !record) return;
      controller.setHighlight([id]);
      const g = record.geometry;
      if (g.type === 'Point') controller.easeTo({ center: g.coordinates, zoom: Math.max(PLACE_ZOOM, controller.getView().zoom) }, { duration: 900, padding: coverPadding() });
      else {
        const bounds = boundsOf([g]);
        if (bounds) controller.flyToBounds(bounds, { duration: 900, padding: coverPadding() });
      }
    },
    [controller, index],
  );

  const select = useCallback(
    (target: { id: string; layer: string } | null, move: boolean) => {
      setSelection(target);
      setNotFound(false);
      // A card opens the sheet; closing it folds the sheet back so the map is in view again.
      setExpanded(target !== null);
      controller?.setHighlight(target ? [target.id] : []);
      const link = target && isLinkLayer(target.layer) ? { layer: target.layer, id: target.id } : null;
      window.history.replaceState(window.history.state, '', withTarget(window.location.href, link));
      if (target && move) fly(target.id);
    },
    [controller, fly],
  );

  // A deep link opens its place as soon as the data is in, map or no map; a link to nothing says so.
  useEffect(() => {
    if (!pending) return;
    if (room?.status === 'synced') runtime.features.flush();
    if (index.get(pending.id)) {
      setPending(null);
      select(pending, true);
    } else if (room?.status === 'synced' && data.revision > 0) {
      setPending(null);
      setNotFound(true);
    }
  }, [pending, index, room?.status, data.revision, runtime, select]);

  // The map arrived after a place was opened (a deep link on a slow link): show it there.
  useEffect(() => {
    if (!controller || !latest.selection) return;
    controller.setHighlight([latest.selection.id]);
    fly(latest.selection.id);
    // Only when the controller appears (deliberately not on `fly`): later selections move the map themselves.
  }, [controller]);

  useEffect(() => onMapPainted(() => setPainted(true)), []);

  const venues = runtime.features.records('venue');
  const listed = expanded && !card && venues.length > 0;
  useEffect(() => {
    if (listed || card) markFirstContent();
  }, [listed, card]);

  // The server's first view (list and sketch in the HTML) gives way once this view has something to
  // show: in the same commit, so the places are never listed twice nor not at all.
  const live = listed || card !== null || closed || notFound || (room?.status === 'synced' && data.revision > 0);
  useLayoutEffect(() => {
    if (live) removeFirstView();
  }, [live]);
  // A place tapped in the first view opens like a deep link: as soon as the live doc has it.
  useEffect(() => onFirstViewOpen(setPending), []);

  // The selected place was deleted (or left the public map): close its card.
  useEffect(() => {
    if (selection && !card && !pending) select(null, false);
  }, [selection, card, pending, select]);

  const onController = useCallback((c: MapController | null) => {
    setMapController(c);
    setController(c);
  }, []);
  const onMapSelect = useCallback((s: Selection | null) => select(s, false), [select]);

  // 我的位置: the nearest places, live (an edit reorders them), and the position on the map.
  const here = nearby.status === 'found' ? nearby.here : null;
  const nearest = useMemo(() => (here ? nearestPlaces(here, index) : []), [here, index]);
  useEffect(() => controller?.setMyLocation(here), [controller, here]);
  const findMe = useCallback(async () => {
    select(null, false);
    setExpanded(true);
    setNearby({ status: 'locating' });
    // Fetched when asked for: most visits never use it.
    const { locate } = await import('../map/geolocate.ts');
    const got = await locate();
    setNearby(got.ok ? { status: 'found', here: got.lngLat } : { status: 'failed', reason: got.reason });
  }, [select]);
  // Frame the position with the nearest place, once per fix (not on every edit of the list).
  const first = nearest[0]?.at;
  useEffect(() => {
    if (!controller || !here) return;
    // Room for the position dot's halo below the chips, and for the nearest place above the list.
    const cover = coverPadding();
    const padding = { ...cover, top: cover.top + 50, bottom: cover.bottom + 40 };
    if (!first) controller.easeTo({ center: here, zoom: PLACE_ZOOM }, { duration: 900, padding });
    else {
      // MapLibre adds a fit's padding to the map's own, which a card's easeTo left set: ask for the rest.
      const kept = controller.map.getPadding();
      const fit = Object.fromEntries((['top', 'bottom', 'left', 'right'] as const).map((side) => [side, Math.max(0, padding[side] - (kept[side] ?? 0))])) as Padding;
      controller.flyToBounds([Math.min(here[0], first[0]), Math.min(here[1], first[1]), Math.max(here[0], first[0]), Math.max(here[1], first[1])], { duration: 900, padding: fit, maxZoom: 16 });
    }
    // Deliberately once per position (and when the map arrives), not when the data changes.
  }, [controller, here]);
  const closeNearby = useCallback(() => {
    setNearby({ status: 'off' });
    setExpanded(false);
  }, []);
  const closeCard = useCallback(() => {
    select(null, false);
    // Opened from 我的位置's list: back to the list rather than to the folded sheet.
    if (nearby.status !== 'off') setExpanded(true);
  }, [select, nearby.status]);
  const open = useCallback((l: PlaceLink) => select({ id: l.id, layer: l.layer }, true), [select]);

  useEffect(() => {
    extendTestHooks({ publicMap: { selection: () => latest.selection, closed: () => latest.closed } });
  }, []);
  latest.selection = selection;
  latest.closed = closed;

  const counts = { venue: data.layers.venue.count, activity: data.layers.activity.count, partner: data.layers.partner.count };
  return (
    <div className={`public${embed ? ' public--embed' : ''}`}>
      {!embed && (
        <header className="topbar">
          <h1 className="topbar__title">{w.title}</h1>
          <span className="topbar__subtitle">{w.subtitle}</span>
          <LanguageButton words={publicWords} className="topbar__lang" />
        </header>
      )}
      <main className="public__main">
        <MapView
          data={data}
          toggles={toggles}
          onSelect={onMapSelect}
          onController={onController}
          options={{ cooperativeGestures: embed, attribution: 'compact', fitPadding: (w) => (w >= WIDE ? { top: 40, bottom: 40, left: 420, right: 40 } : { top: 70, bottom: 120, left: 20, right: 20 }) }}
        />
        {!painted && <ZoneSketch data={data} selected={selection?.id ?? null} />}
        <LayerChips toggles={toggles} onToggle={(chip, on) => setToggles((t) => ({ ...t, [chip]: on }))} />
        {embed && (
          <a className="open-full" href={fullMapHref(window.location.href)} target="_blank" rel="noopener" data-testid="open-full">
            {w.openFull}
          </a>
        )}
        {room?.status === 'offline' && (
          <div className="toast" role="status">
            {w.offline}
          </div>
        )}
        {notFound && (
          <div className="toast" role="status" data-testid="not-found">
            {w.notFound}
          </div>
        )}
        <Sheet expanded={expanded} label={card?.name ?? w.browse}>
          {card ? (
            <PlaceCardView card={card} onOpen={open} onClose={closeCard} />
          ) : nearby.status !== 'off' ? (
            <NearbyList state={nearby} places={nearest} onOpen={open} onRetry={() => void findMe()} onClose={closeNearby} />
          ) : (
            <>
              <div className="sheet__summary">
                <span>{data.revision > 0 ? w.summary(counts.venue, counts.activity, counts.partner) : w.loading}</span>
                <span className="sheet__actions">
                  <button type="button" className="pill-button pill-button--locate" onClick={() => void findMe()} data-testid="find-me">
                    {w.nearby.button}
                  </button>
                  <button type="button" className="pill-button" onClick={() => setExpanded((e) => !e)} aria-expanded={expanded} data-testid="browse">
                    {expanded ? w.collapse : w.browse}
                  </button>
                </span>
              </div>
              {expanded && (
                <PlaceList
                  lists={{ venue: venues, activity: runtime.features.records('activity'), partner: runtime.features.records('partner') }}
                  nameOf={(id) => index.get(id)?.name ?? null}
                  onOpen={open}
                />
              )}
            </>
          )}
        </Sheet>
      </main>
      {closed && <ClosedNotice />}
    </div>
  );
}

/** Read by the test hooks, installed once: the latest render's values. */
const latest: { selection: Selection | null; closed: boolean } = { selection: null, closed: false };
