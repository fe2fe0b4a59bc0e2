import { FIRST_PAINT_MARK } from '../map/firstPaint.ts';

/**
 * The staff page's UI font (@fontsource's Noto Sans SC 400, for the header, tabs, legend and
 * panels) is asked for once the map has drawn, not with the page's first stylesheet: the subset
 * files its words need (~300 KB) would otherwise share a phone's slow link with the page's
 * scripts and the map's. Until then the text shows in the system's font; the boxes it sits in
 * keep their sizes (set by CSS), so the swap moves no panel. Should the map never draw (no WebGL,
 * a failed chunk), it is asked for after `fallbackMs` anyway.
 */
export function loadUiFontAfterMap(load: () => Promise<unknown>, fallbackMs = 15_000): void {
  let done = false;
  const go = () => {
    if (done) return;
    done = true;
    observer?.disconnect();
    clearTimeout(timer);
    void load();
  };
  const timer = setTimeout(go, fallbackMs);
  const observer =
    typeof PerformanceObserver === 'undefined'
      ? null
      : new PerformanceObserver((list) => {
          if (list.getEntriesByName(FIRST_PAINT_MARK).length) go();
        });
  observer?.observe({ type: 'mark', buffered: true });
}
