import { useMemo } from 'react';
import { DEFAULT_ZONE_BOUNDS, subdistrictsBounds, type Bounds } from '../data/bounds.ts';
import type { FeaturesSnapshot } from '../data/liveFeatures.ts';
import type { DrawnLayer } from '../map/layers/types.ts';
import { palette, STREET_COLOURS } from '../map/palette.ts';
import { sketchOf, type Sketch } from './sketch.ts';

/** The subdistrict's colour on the map, so the sketch and the map agree. */
function streetColour(street: string | null): string {
  return (street && STREET_COLOURS[street as keyof typeof STREET_COLOURS]) || palette.fallback;
}

/** The sketch as an SVG document (every value in it is a number or one of our palette's colours). */
function sketchSvg(sketch: Sketch, selected: string | null): string {
  const streets = sketch.streets
    .map((s) => {
      const c = streetColour(s.street);
      return `<path d="${s.d}" fill-rule="evenodd" fill="${c}" fill-opacity="0.22" stroke="${c}" stroke-width="2" vector-effect="non-scaling-stroke"/>`;
    })
    .join('');
  const zone = sketch.zone.map((d) => `<path d="${d}" fill-rule="evenodd" fill="none" stroke="${palette.zoneLine}" stroke-width="2.5" vector-effect="non-scaling-stroke"/>`).join('');
  // In viewBox units (1000 wide): about 4 px on a phone, the selected venue ringed and larger.
  const venues = sketch.venues
    .map((v) => {
      const on = v.id === selected;
      return `<circle cx="${v.x}" cy="${v.y}" r="${on ? 22 : 12}" fill="#ff4d4f" stroke="${on ? palette.highlight : palette.pointStroke}" stroke-width="${on ? 10 : 4}"/>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${sketch.viewBox}" preserveAspectRatio="xMidYMid meet">${streets}${zone}${venues}</svg>`;
}

/**
 * Where the map will be, until MapLibre has painted: the zone outline and subdistricts, with the
 * venues as dots and the selected one ringed. Drawn from the page's synced rooms, so it shows
 * seconds before the map's chunk (~300 KB) has arrived and its WebGL set-up is done on a slow
 * phone; the page removes it once the map has drawn its first frame. The public page shows it in
 * its first view; the staff page inside the map's frame (MapView's `placeholder`).
 *
 * One image (an SVG document as a data URL) rather than inline SVG: a single element however many
 * venues there are, and the browser counts it as the page's largest content once it shows (an
 * inline SVG's shapes are not), which is what a visitor on a slow link is waiting for.
 */
export function ZoneSketch({
  data,
  selected,
  label,
  bounds,
  className = 'sketch',
}: {
  data: FeaturesSnapshot<DrawnLayer>;
  selected: string | null;
  label: string;
  /** What the map will frame first, so that it replaces the sketch in place (null: not known yet, nothing drawn); by default the subdistricts. */
  bounds?: Bounds | null;
  className?: string;
}) {
  const { zone, street, venue } = data.layers;
  const sketch = useMemo(() => {
    const b = bounds === undefined ? (subdistrictsBounds(street.collection) ?? data.zoneBounds ?? DEFAULT_ZONE_BOUNDS) : bounds;
    return sketchOf(b, zone.collection, street.collection, venue.collection);
  }, [bounds, data.zoneBounds, zone.collection, street.collection, venue.collection]);
  const src = useMemo(() => (sketch ? `data:image/svg+xml,${encodeURIComponent(sketchSvg(sketch, selected))}` : null), [sketch, selected]);
  return (
    <div className={className} data-testid="zone-sketch" data-drawn={src ? 'true' : 'false'}>
      {src && <img src={src} alt={label} decoding="sync" />}
    </div>
  );
}
