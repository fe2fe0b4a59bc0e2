import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import { PUBLIC_ROOM } from '../../../model/rooms.ts';
import { boundsOf, subdistrictsBounds, type Bounds } from '../data/bounds.ts';
import { useFeatures } from '../data/useFeatures.ts';
import type { MapController, Padding, Selection } from '../map/controller.ts';
import { ALL_ON, type Toggles } from '../map/layers/types.ts';
import type { Runtime } from '../runtime.ts';
import { useSync } from '../sync/useSync.ts';
import { extendTestHooks, setMapController } from '../testHooks.ts';
import { LanguageButton } from '../ui/LanguageButton.tsx';
import { fullMapHref, isLinkLayer, withTarget, type LinkTarget } from './deepLink.ts';
import { onFirstViewOpen, removeFirstView } from './firstView.ts';
import { hasMapPainted, onMapPainted } from '../map/firstPaint.ts';
import { markFirstContent } from './mapPainted.ts';
import { useMapWanted } from './mapWanted.ts';
import { nearestPlaces } from './nearby.ts';
import { placeCard, type PlaceIndex, type PlaceLink } from './placeCard.ts';
import { PublicMap } from './PublicMap.tsx';
import { followSheet, framePadding } from './sheetFrame.ts';
import { ClosedNotice } from './ui/ClosedNotice.tsx';
import { LayerChips } from './ui/LayerChips.tsx';
import { NearbyList, type NearbyState } from './ui/NearbyList.tsx';
import { PlaceCardView } from './ui/PlaceCardView.tsx';
import { PlaceList, type Tab } from './ui/PlaceList.tsx';
import { Sheet } from './ui/Sheet.tsx';
import { ZoneSketch } from '../ui/ZoneSketch.tsx';
import { publicWords, usePublicWords } from './words.ts';

/** Wide windows show the sheet as a 400 px side panel; phones as a sheet over the lower part. */
const WIDE = 900;
const PLACE_ZOOM = 14.5;
/**
 * The skip link's href is the sheet, always there (a link to nothing is a broken skip link);
 * following it shows the place list, and focuses it.
 */
const SHEET_ID = 'sheet';
const LIST_ID = 'places-list';

/** Where the focus goes back to when a card closes: the list item (or other control) that opened it, found again by selector since the list is re-rendered. */
function returnSelector(el: Element | null): string | null {
  if (!(el instanceof HTMLElement) || el === document.body) return null;
  const testId = el.dataset.testid;
  if (testId && el.dataset.id) return `[data-testid="${CSS.escape(testId)}"][data-id="${CSS.escape(el.dataset.id)}"]`;
  if (el.matches('canvas')) return '.maplibregl-canvas';
  return testId ? `[data-testid="${CSS.escape(testId)}"]` : null;
}

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
  // A deep link to a place the doc already has (from the state in the page) opens in the first
  // render: one render of the page, not a second, synchronous one for the card (startPage.tsx).
  const [selection, setSelection] = useState<Selection | null>(() => (initialTarget && runtime.features.details(initialTarget.id) ? initialTarget : null));
  // Open on arrival: the list of places is what a visitor can use while the map is still loading.
  const [expanded, setExpanded] = useState(true);
  const [painted, setPainted] = useState(hasMapPainted);
  const [controller, setController] = useState<MapController | null>(null);
  const [pending, setPending] = useState<LinkTarget | null>(() => (selection === null ? initialTarget : null));
  const [notFound, setNotFound] = useState(false);
  const [nearby, setNearby] = useState<NearbyState>({ status: 'off' });
  const [tab, setTab] = useState<Tab>('venue');
  // Keyboard focus across renders: what to focus once the next render is on screen (the list after
  // the skip link, the opener after a card closed), the opener of the open card, and how the sheet
  // was before the card opened (closing it puts the sheet back so: the list stays open).
  const focusNext = useRef<string[] | null>(null);
  const opener = useRef<string | null>(null);
  const expandedBefore = useRef(true);
  const shown = useRef({ selection, expanded });
  shown.current = { selection, expanded };

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
      const wasOpen = shown.current.selection !== null;
      if (target && !wasOpen) {
        expandedBefore.current = shown.current.expanded;
        opener.current = returnSelector(document.activeElement);
      }
      if (!target && wasOpen) {
        // Focus was in the card (or lost with it): back to what opened it, else to the list.
        const active = document.activeElement;
        if (!active || active === document.body || active.closest('[data-testid="place-card"]')) {
          focusNext.current = [...(opener.current ? [opener.current] : []), '[data-testid="nearby"] h2', `#${LIST_ID}`];
        }
      }
      setSelection(target);
      setNotFound(false);
      // A card opens the sheet; closing it puts the sheet back as the card found it (the list open,
      // or folded). A tap on the map with no card folds it, so the map is in view again.
      setExpanded(target ? true : wasOpen ? expandedBefore.current : false);
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

  // The map loads after the list and the cards, which answer taps without it (mapWanted.ts). On a
  // phone its first frame is the subdistricts in the room above the sheet, following the sheet
  // until the map is moved (sheetFrame.ts).
  const mapWanted = useMapWanted();
  const mainRef = useRef<HTMLElement>(null);
  const frameOf = useRef<() => Bounds | null>(() => null);
  frameOf.current = () => subdistrictsBounds(data.layers.street.collection);
  const browsing = useRef(true);
  browsing.current = selection === null && nearby.status === 'off';
  useEffect(() => {
    const main = mainRef.current;
    if (!controller || !main || window.innerWidth >= WIDE) return;
    return followSheet(controller, main, () => frameOf.current(), () => browsing.current);
  }, [controller]);

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

  // Escape closes the card, wherever the focus is (the map, the card, the chips).
  const cardOpen = card !== null;
  useEffect(() => {
    if (!cardOpen) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !e.defaultPrevented) closeCard();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [cardOpen, closeCard]);

  // The skip link: to the list of places, shown if a card, 我的位置 or a folded sheet hides it.
  const skipToList = useCallback(
    (e: MouseEvent) => {
      e.preventDefault();
      const list = document.getElementById(LIST_ID);
      if (list) return list.focus();
      focusNext.current = [`#${LIST_ID}`];
      if (shown.current.selection) select(null, false);
      setNearby({ status: 'off' });
      setExpanded(true);
    },
    [select],
  );
  // After every render: the focus asked for by the last action, on the first of its targets now on screen.
  useEffect(() => {
    const wanted = focusNext.current;
    if (!wanted) return;
    focusNext.current = null;
    for (const selector of wanted) {
      const el = document.querySelector<HTMLElement>(selector);
      if (el) return el.focus();
    }
  });

  useEffect(() => {
    extendTestHooks({ publicMap: { selection: () => latest.selection, closed: () => latest.closed } });
  }, []);
  latest.selection = selection;
  latest.closed = closed;

  const counts = { venue: data.layers.venue.count, activity: data.layers.activity.count, partner: data.layers.partner.count };
  return (
    <div className={`public${embed ? ' public--embed' : ''}`}>
      <a className="skip-link" href={`#${SHEET_ID}`} onClick={skipToList} data-testid="skip-link">
        {w.skipToList}
      </a>
      {!embed && (
        <header className="topbar">
          <h1 className="topbar__title">{w.title}</h1>
          <span className="topbar__subtitle">{w.subtitle}</span>
          <LanguageButton words={publicWords} className="topbar__lang" />
        </header>
      )}
      <main className="public__main" ref={mainRef}>
        <PublicMap
          wanted={mapWanted}
          data={data}
          toggles={toggles}
          onSelect={onMapSelect}
          onController={onController}
          options={{ cooperativeGestures: embed, attribution: 'compact', fitPadding: (w) => (w >= WIDE ? { top: 40, bottom: 40, left: 420, right: 40 } : framePadding(mainRef.current ?? document.body)) }}
        />
        {!painted && <ZoneSketch data={data} selected={selection?.id ?? null} label={w.sketch} />}
        <LayerChips toggles={toggles} onToggle={(chip, on) => setToggles((t) => ({ ...t, [chip]: on }))} />
        {embed && (
          <a className="open-full" href={fullMapHref(window.location.href)} target="_blank" rel="noopener" data-testid="open-full">
            {w.openFull}
          </a>
        )}
        {room?.status === 'offline' && (
          <div className="toast" role="status">
            {room.retryLater ? w.busy : w.offline}
          </div>
        )}
        {notFound && (
          <div className="toast" role="status" data-testid="not-found">
            {w.notFound}
          </div>
        )}
        <Sheet id={SHEET_ID} expanded={expanded} label={card?.name ?? w.browse}>
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
                  id={LIST_ID}
                  lists={{ venue: venues, activity: runtime.features.records('activity'), partner: runtime.features.records('partner') }}
                  nameOf={(id) => index.get(id)?.name ?? null}
                  onOpen={open}
                  tab={tab}
                  onTab={setTab}
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
