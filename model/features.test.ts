import { describe, expect, it } from 'vitest';
import { featureSchema } from './features.ts';

const at = { street: 'suncun', provenance: 'staff', geometry: { type: 'Point', coordinates: [117.2, 36.7] }, community: null } as const;
const venue = { ...at, id: 'v-1', layer: 'venue', name: '阅览室', venueType: '阅览室' };
const partner = { ...at, id: 'p-1', layer: 'partner', name: '某公司', role: 'partner', kind: 'company' };

describe('the public address', () => {
  it('is optional, trimmed and at most 200 characters, on venues and organisations', () => {
    expect(featureSchema.parse(venue)).not.toHaveProperty('address');
    expect(featureSchema.parse({ ...venue, address: '  济南市高新区凤园路 1 号 ' })).toMatchObject({ address: '济南市高新区凤园路 1 号' });
    expect(featureSchema.parse({ ...partner, address: '舜华路 2000 号' })).toMatchObject({ address: '舜华路 2000 号' });
    expect(featureSchema.safeParse({ ...venue, address: '路'.repeat(201) }).success).toBe(false);
    expect(featureSchema.safeParse({ ...venue, address: ` ${'路'.repeat(200)} ` }).success).toBe(true);
  });

  it('is refused for a person, whose whereabouts are never published', () => {
    const result = featureSchema.safeParse({ ...partner, kind: 'person', address: '某小区 1 号楼' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['address']);
    expect(featureSchema.safeParse({ ...partner, kind: 'person' }).success).toBe(true);
  });
});
