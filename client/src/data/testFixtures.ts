import * as Y from 'yjs';
import { featureSchema, writeFeature, type Feature, type FeatureInput } from '../../../model/index.ts';

/** Small, schema-valid features for unit tests (validated here, so a model change shows up). */
export function feature(input: FeatureInput): Feature {
  return featureSchema.parse(input);
}

const square = (x: number, y: number, d: number) => ({
  type: 'Polygon' as const,
  coordinates: [
    [
      [x, y],
      [x + d, y],
      [x + d, y + d],
      [x, y + d],
      [x, y],
    ] as Array<[number, number]>,
  ],
});

export const zone = () =>
  feature({ id: 'zone', layer: 'zone', name: '济南高新区', street: null, provenance: 'tudigong-2021', code: '370176', geometry: square(117.0, 36.6, 0.3) });

export const street = () =>
  // The feature id differs from the street id, as in the seed (`street-shunhualu` vs `shunhualu`).
  feature({ id: 'street-shunhualu', layer: 'street', name: '舜华路街道', street: 'shunhualu', provenance: 'approximate', code: '370176001', geometry: square(117.1, 36.65, 0.05) });

export const venue = (id = 'v-yulan', name = '玉兰社区党群服务中心') =>
  feature({
    id,
    layer: 'venue',
    name,
    street: 'shunhualu',
    provenance: 'approximate',
    venueType: '党群服务中心',
    community: null,
    geometry: { type: 'Point', coordinates: [117.12, 36.67] },
    private: { phone: '0531-0000000', contact: '杜晓蕾' },
  });

export const activity = () =>
  feature({
    id: 'a-jianzhi',
    layer: 'activity',
    name: '非遗剪纸公益课堂',
    street: 'shunhualu',
    provenance: 'article',
    category: '非遗传承',
    community: null,
    venue: 'v-yulan',
    year: 2024,
    attendance: { value: 1200, atLeast: true },
    geometry: { type: 'Point', coordinates: [117.121, 36.671] },
  });

export function docWith(...features: Feature[]): Y.Doc {
  const doc = new Y.Doc();
  for (const f of features) writeFeature(doc, f);
  return doc;
}

/** A scheduler the test runs by hand, standing in for requestAnimationFrame. */
export function manualScheduler() {
  const queue: Array<() => void> = [];
  return {
    schedule: (run: () => void) => void queue.push(run),
    pending: () => queue.length,
    runFrame: () => {
      const runs = queue.splice(0);
      for (const run of runs) run();
      return runs.length;
    },
  };
}
