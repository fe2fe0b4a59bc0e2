import type { Bounds } from '../data/bounds.ts';
import type { MapController, Padding } from '../map/controller.ts';

/** Space kept between the framed subdistricts and what covers the map (the chips, the sheet). */
const GAP = 12;
/** The least height the frame keeps, whatever covers the map (a phone held sideways). */
const MIN_FRAME = 120;

/**
 * On a phone the map lies under the layer chips (top) and the bottom sheet: the subdistricts are
 * framed in what is left between them, measured as the page is laid out now (the sheet's height
 * depends on what it shows, the chips wrap to a second row in English). `main` is the page's
 * `.public__main`, which the map fills.
 */
export function framePadding(main: Element): Padding {
  const box = main.getBoundingClientRect();
  const chips = main.querySelector('.chips')?.getBoundingClientRect();
  const sheet = main.querySelector('[data-testid="sheet"]')?.getBoundingClientRect();
  // The attribution sits on the sheet's edge (public.css): the frame ends above it too.
  const attribution = main.querySelector('.maplibregl-ctrl-bottom-right')?.getBoundingClientRect().height ?? 0;
  const top = Math.max(0, (chips ? chips.bottom - box.top : 0) + GAP);
  const covered = Math.max(0, (sheet ? box.bottom - sheet.top : 0) + attribution + GAP);
  // A tall sheet on a short screen: keep some frame, let the sheet cover the rest.
  const bottom = Math.max(0, Math.min(covered, box.height - top - MIN_FRAME));
  return { top: Math.round(top), bottom: Math.round(bottom), left: 20, right: 20 };
}

/**
 * Keeps the phone map's first frame (the five subdistricts) fitted to the room above the sheet as
 * the sheet grows and shrinks (the list opened or folded), for as long as nothing else moved the
 * map: once the visitor pans or zooms, or the page flies to a place, the view is theirs and stays.
 * Also publishes the sheet's top edge as `--sheet-top` on `main`, which keeps the map's
 * attribution above the sheet (public.css). Returns a stop.
 */
export function followSheet(controller: MapController, main: HTMLElement, frame: () => Bounds | null, mayRefit: () => boolean): () => void {
  const sheet = main.querySelector<HTMLElement>('[data-testid="sheet"]');
  const viewKey = () => {
    const v = controller.getView();
    return `${v.center[0].toFixed(7)},${v.center[1].toFixed(7)},${v.zoom.toFixed(4)}`;
  };
  let framed: string | null = null;
  const refit = () => {
    const bounds = frame();
    if (!bounds) return;
    controller.fitZone(bounds, true);
    framed = viewKey();
  };
  const place = () => {
    if (sheet) main.style.setProperty('--sheet-top', `${Math.round(main.getBoundingClientRect().bottom - sheet.getBoundingClientRect().top)}px`);
  };
  const onResize = () => {
    place();
    if (framed === null || framed !== viewKey() || controller.map.isMoving() || !mayRefit()) {
      framed = null;
      return;
    }
    refit();
  };
  place();
  // The controller frames the zone itself once it has loaded (MapView); take over from there, if
  // the view is still that first frame (a deep link flies to its place instead).
  const start = () => {
    if (mayRefit() && !controller.map.isMoving()) refit();
  };
  if (controller.map.loaded()) start();
  else controller.map.once('load', start);
  const observer = new ResizeObserver(onResize);
  if (sheet) observer.observe(sheet);
  observer.observe(main);
  return () => {
    observer.disconnect();
    controller.map.off('load', start);
  };
}
