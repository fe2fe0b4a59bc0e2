import { boundsOf, subdistrictsBounds, type Bounds } from '../data/bounds.ts';
import type { FeaturesSnapshot } from '../data/liveFeatures.ts';
import type { FeatureRecord } from '../data/record.ts';
import { DRAWN_LAYERS, type DrawnLayer, type Toggles } from '../map/layers/types.ts';
import { inPeriod, type Period } from '../stats/period.ts';
import { inArea, type Area } from '../stats/scope.ts';
import { STREETS } from '../../../model/index.ts';

/**
 * What the report's map draws: the area's subdistricts, communities and venues, and the heat of
 * the period's activities. Partners are left off: their points would crowd a small picture, and
 * the staff map names private persons, whom a report does not (content.ts).
 */
export const REPORT_TOGGLES: Toggles = { street: true, community: true, venue: true, partner: false, heat: true, labels: true };

/**
 * The snapshot narrowed to one area and period: a layer's features whose record is in the area
 * (the zone's outline only on the zone's report), activities also in the period.
 */
export function areaSnapshot(data: FeaturesSnapshot<DrawnLayer>, records: (layer: DrawnLayer) => FeatureRecord[], area: Area, period: Period): FeaturesSnapshot<DrawnLayer> {
  const layers = { ...data.layers };
  for (const layer of DRAWN_LAYERS) {
    const keep = new Set<string>();
    if (layer !== 'zone' || area === 'zone') {
      for (const r of records(layer)) if (inArea(r, area) && (layer !== 'activity' || inPeriod(r, period))) keep.add(r.id);
    }
    const original = data.layers[layer];
    const features = original.collection.features.filter((f) => keep.has(String(f.properties.id)));
    layers[layer] = { revision: original.revision, collection: { type: 'FeatureCollection', features }, count: features.length };
  }
  return { ...data, layers };
}

/**
 * What the map frames: the five subdistricts for the zone (as the screen does, not the zone
 * outline's detached piece), one subdistrict's outline for its report. Null until it has arrived.
 */
export function areaFrame(data: FeaturesSnapshot<DrawnLayer>, area: Area): Bounds | null {
  const streets = data.layers.street.collection;
  if (area === 'zone') return streets.features.length >= STREETS.length ? subdistrictsBounds(streets) : null;
  return boundsOf(streets.features.filter((f) => f.properties.street === area).map((f) => f.geometry));
}
