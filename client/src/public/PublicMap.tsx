import { lazy, Suspense, useEffect, type ComponentProps } from 'react';
import { preloadLabelFonts, takeLabelFonts } from './labelFonts.ts';

// MapView with the basemap store (api/basemap.ts) and, through it, the map controller and
// MapLibre: one lazy import, asked for only when the page wants its map (mapWanted.ts).
const MapView = lazy(() => import('../ui/MapView.tsx').then((m) => ({ default: m.MapView })));

/** The server's list of label fonts, read from the page once, at the first render. */
let labelFonts: string[] | null = null;

/**
 * The public page's map, loaded when `wanted` first turns true, with the label fonts its first
 * frame needs. Until it has painted, the page shows the zone sketch in its place (ZoneSketch);
 * nothing here takes space before that.
 */
export function PublicMap({ wanted, ...props }: { wanted: boolean } & ComponentProps<typeof MapView>) {
  labelFonts ??= takeLabelFonts();
  useEffect(() => {
    if (!wanted || !labelFonts?.length) return;
    preloadLabelFonts(labelFonts);
    labelFonts = [];
  }, [wanted]);
  if (!wanted) return null;
  return (
    <Suspense fallback={null}>
      <MapView {...props} />
    </Suspense>
  );
}
