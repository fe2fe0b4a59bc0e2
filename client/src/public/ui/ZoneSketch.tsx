import { useMemo } from 'react';
import { DEFAULT_ZONE_BOUNDS, subdistrictsBounds } from '../../data/bounds.ts';
import type { FeaturesSnapshot } from '../../data/liveFeatures.ts';
import type { DrawnLayer } from '../../map/layers/types.ts';
import { palette, STREET_COLOURS } from '../../map/palette.ts';
import { sketchOf } from '../sketch.ts';

const LABEL = '高新区区域轮廓（地图加载中）';

/** The subdistrict's colour on the map, so the sketch and the map agree. */
function streetColour(street: string | null): string {
  return (street && STREET_COLOURS[street as keyof typeof STREET_COLOURS]) || palette.fallback;
}

/**
 * Where the map will be, until MapLibre has painted: the zone outline and subdistricts as inline
 * SVG, with the venues as dots and the selected one ringed. Drawn from the synced public room, so
 * it shows seconds before the map chunk has arrived on a slow phone link; the page removes it
 * once the map has drawn its first frame.
 */
export function ZoneSketch({ data, selected }: { data: FeaturesSnapshot<DrawnLayer>; selected: string | null }) {
  const { zone, street, venue } = data.layers;
  const sketch = useMemo(
    () => sketchOf(subdistrictsBounds(street.collection) ?? data.zoneBounds ?? DEFAULT_ZONE_BOUNDS, zone.collection, street.collection, venue.collection),
    [data.zoneBounds, zone.collection, street.collection, venue.collection],
  );
  return (
    <div className="sketch" data-testid="zone-sketch" data-drawn={sketch ? 'true' : 'false'}>
      {sketch && (
        <svg viewBox={sketch.viewBox} preserveAspectRatio="xMidYMid meet" role="img" aria-label={LABEL}>
          {sketch.streets.map((s) => (
            <path key={s.id} d={s.d} fillRule="evenodd" fill={streetColour(s.street)} fillOpacity={0.22} stroke={streetColour(s.street)} strokeWidth={2} vectorEffect="non-scaling-stroke" />
          ))}
          {sketch.zone.map((d, i) => (
            <path key={i} d={d} fillRule="evenodd" fill="none" stroke={palette.zoneLine} strokeWidth={2.5} vectorEffect="non-scaling-stroke" />
          ))}
          {sketch.venues.map((v) => (
            // In viewBox units (1000 wide): about 4 px on a phone, the selected venue ringed and larger.
            <circle key={v.id} cx={v.x} cy={v.y} r={v.id === selected ? 22 : 12} fill="#ff4d4f" stroke={v.id === selected ? palette.highlight : palette.pointStroke} strokeWidth={v.id === selected ? 10 : 4} />
          ))}
        </svg>
      )}
    </div>
  );
}
