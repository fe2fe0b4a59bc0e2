import type { FeatureOf } from '../../model/index.ts';

/** A valid venue for tests; `over` replaces any field. */
export function testVenue(id: string, over: Partial<FeatureOf<'venue'>> = {}): FeatureOf<'venue'> {
  return {
    id,
    layer: 'venue',
    name: '测试活动室',
    street: 'suncun',
    provenance: 'staff',
    geometry: { type: 'Point', coordinates: [117.25, 36.69] },
    venueType: '活动室',
    community: null,
    ...over,
  };
}
