import type { Geometry } from 'geojson';
import type { MapController, View } from '../../map/controller.ts';
import { publishColor, publishLocal, type LocalPresence } from '../../sync/peers.ts';
import type { Workspace } from '../workspace.ts';
import { CursorLayer } from './cursors.ts';
import { ownColor } from './identity.ts';
import { peersOf } from './peersStore.ts';
import { SelectionRings } from './selectionRings.ts';

/** At most one cursor update per this many ms: smooth enough to follow, light on the wire. */
const CURSOR_MS = 50;
const VIEW_MS = 150;

/** Rounded to ~10 cm: enough for a pointer, and keeps each awareness message small. */
const round = (n: number) => Math.round(n * 1e6) / 1e6;

function sameView(a: View, b: View): boolean {
  return Math.abs(a.zoom - b.zoom) < 0.01 && Math.abs(a.center[0] - b.center[0]) < 1e-6 && Math.abs(a.center[1] - b.center[1]) < 1e-6;
}

/**
 * Collaboration on the staff map:
 * - publishes this tab's presence in the district room: colour, pointer, selection, view;
 * - draws colleagues' pointers and selections;
 * - follows a colleague's view while `ui.following` names them, until this user moves the map
 *   by hand or the colleague leaves;
 */
export function attachCollab(ws: Workspace, controller: MapController): () => void {
  const sync = ws.runtime.sync;
  const peers = peersOf(sync);
  const map = controller.map;
  const cursors = new CursorLayer(controller);
  const rings = new SelectionRings(controller, (id) => (ws.editor.read(id)?.json.geometry as Geometry | undefined) ?? null);

  const publish = (patch: LocalPresence) => {
    const awareness = peers.local();
    const session = sync.getSnapshot().session;
    if (!awareness || !session) return;
    publishColor(awareness, ownColor(session));
    publishLocal(awareness, patch);
  };

  // Pointer, throttled with a trailing send so the last position always goes out.
  let cursorTimer: ReturnType<typeof setTimeout> | null = null;
  let cursorSent = 0;
  let cursorNext: LocalPresence['cursor'] = null;
  const sendCursor = () => {
    cursorTimer = null;
    cursorSent = performance.now();
    publish({ cursor: cursorNext });
  };
  const onMouseMove = (e: { lngLat: { lng: number; lat: number } }) => {
    // The pointer is where the map shows it: in WGS-84 for colleagues (project() takes WGS-84 back).
    const [lng, lat] = controller.displayCrs().toWgs84([e.lngLat.lng, e.lngLat.lat]);
    cursorNext = { lng: round(lng), lat: round(lat) };
    if (cursorTimer) return;
    cursorTimer = setTimeout(sendCursor, Math.max(0, cursorSent + CURSOR_MS - performance.now()));
  };
  const onMouseOut = () => {
    if (cursorTimer) clearTimeout(cursorTimer);
    cursorNext = null;
    sendCursor();
  };

  let viewSent = 0;
  const onMove = () => {
    const now = performance.now();
    if (now - viewSent < VIEW_MS) return;
    viewSent = now;
    publish({ view: controller.getView() });
  };
  const onMoveEnd = () => publish({ view: controller.getView() });
  // A pan or zoom by hand ends following; our own easeTo does not. MapLibre's movestart carries
  // the input event for a drag but not always for a wheel zoom, so the map's own input events
  // (pointer, wheel, touch, keys, its zoom buttons) count as well.
  const stopFollowing = () => {
    if (ws.ui.getSnapshot().following !== null) ws.ui.set({ following: null });
  };
  const onMoveStart = (e: { originalEvent?: unknown }) => {
    if (e.originalEvent) stopFollowing();
  };
  const container = map.getContainer();
  const HAND = ['wheel', 'pointerdown', 'touchstart', 'keydown'] as const;

  const follow = () => {
    const id = ws.ui.getSnapshot().following;
    if (id === null) return;
    const peer = peers.getSnapshot().find((p) => p.clientId === id);
    if (!peer) {
      ws.ui.set({ following: null }); // they left
      return;
    }
    if (peer.view && !sameView(peer.view, controller.getView())) controller.easeTo(peer.view, { duration: 300 });
  };

  const onPeers = () => {
    const list = peers.getSnapshot();
    cursors.update(list);
    rings.update(list);
    follow();
  };

  let selection = ws.ui.getSnapshot().selection;
  let following = ws.ui.getSnapshot().following;
  const onUi = () => {
    const ui = ws.ui.getSnapshot();
    if (ui.selection !== selection) {
      selection = ui.selection;
      publish({ selection });
    }
    if (ui.following !== following) {
      following = ui.following;
      follow();
    }
  };

  // The district room may open after the map: publish once it is there.
  let published = false;
  const onSync = () => {
    if (published || !peers.local() || !sync.getSnapshot().session) return;
    published = true;
    publish({ selection, view: controller.getView(), cursor: null });
  };

  map.on('mousemove', onMouseMove);
  map.on('mouseout', onMouseOut);
  map.on('move', onMove);
  map.on('moveend', onMoveEnd);
  map.on('movestart', onMoveStart);
  for (const type of HAND) container.addEventListener(type, stopFollowing, { capture: true, passive: true });
  const offPeers = peers.subscribe(onPeers);
  const offUi = ws.ui.subscribe(onUi);
  const offSync = sync.subscribe(onSync);
  // Selections are drawn from the docs: redraw when a colleague's selected feature moves.
  const offFeatures = ws.runtime.features.subscribe(() => rings.update(peers.getSnapshot()));
  onSync();
  onPeers();

  return () => {
    if (cursorTimer) clearTimeout(cursorTimer);
    map.off('mousemove', onMouseMove);
    map.off('mouseout', onMouseOut);
    map.off('move', onMove);
    map.off('moveend', onMoveEnd);
    map.off('movestart', onMoveStart);
    for (const type of HAND) container.removeEventListener(type, stopFollowing, { capture: true });
    offPeers();
    offUi();
    offSync();
    offFeatures();
    cursors.destroy();
    rings.destroy();
    publish({ cursor: null, selection: null, view: null });
    ws.ui.set({ following: null });
  };
}
