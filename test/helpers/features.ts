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

/** A valid partner organisation (public) for tests; `over` replaces any field. */
export function testPartner(id: string, over: Partial<FeatureOf<'partner'>> = {}): FeatureOf<'partner'> {
  return {
    id,
    layer: 'partner',
    name: '测试伙伴',
    street: 'suncun',
    provenance: 'staff',
    geometry: { type: 'Point', coordinates: [117.21, 36.645] },
    role: 'partner',
    kind: 'company',
    community: null,
    communities: [],
    servesAll: false,
    services: [],
    figures: {},
    ...over,
  };
}

/**
 * Two features that must never reach the public: a volunteer who is a person (the whole partner
 * is private) and a need with a resident's details, each carrying a private marker value.
 */
export function privateFeatures(ids: { person: string; need: string }, marker: { name: string; description: string; needName?: string }): [FeatureOf<'partner'>, FeatureOf<'need'>] {
  return [
    {
      id: ids.person,
      layer: 'partner',
      name: `热心人${marker.name}`,
      street: 'suncun',
      provenance: 'staff',
      geometry: { type: 'Point', coordinates: [117.201, 36.645] },
      role: 'volunteer',
      kind: 'person',
      community: null,
      communities: [],
      servesAll: false,
      services: [],
      figures: {},
    },
    {
      id: ids.need,
      layer: 'need',
      name: marker.needName ?? '需求',
      street: 'suncun',
      provenance: 'staff',
      geometry: { type: 'Point', coordinates: [117.202, 36.645] },
      community: null,
      description: `独居老人需要助餐 ${marker.description}`,
      status: 'open',
      matchedPartner: null,
    },
  ];
}
