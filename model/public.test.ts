import { describe, expect, it } from 'vitest';
import { projectPublic, PUBLIC_FIELDS } from './public.ts';

const venue = {
  id: 'v-1',
  layer: 'venue',
  name: '阅览室',
  street: 'suncun',
  provenance: 'staff',
  geometry: { type: 'Point', coordinates: [117.2, 36.7] },
  venueType: '阅览室',
  community: null,
  openingHours: '9:00-17:00',
  private: { phone: '13800000000', notes: '内部' },
  internalRating: 3, // a field added later without being whitelisted
};

describe('public projection', () => {
  it('keeps whitelisted fields and drops private and unlisted ones', () => {
    const out = projectPublic(venue)!;
    expect(out).toMatchObject({ id: 'v-1', name: '阅览室', openingHours: '9:00-17:00' });
    expect(out).not.toHaveProperty('private');
    expect(out).not.toHaveProperty('internalRating');
  });

  it('leaves out the citations (`source`), which the public page never shows', () => {
    const out = projectPublic({ ...venue, source: '《三人行》2024-04-23 报道原文摘录……' })!;
    expect(out).not.toHaveProperty('source');
    for (const fields of Object.values(PUBLIC_FIELDS)) expect(fields).not.toContain('source');
  });

  it('never whitelists `private` for any layer', () => {
    for (const fields of Object.values(PUBLIC_FIELDS)) expect(fields).not.toContain('private');
  });

  it('publishes the address of venues and organisations, never a person’s nor the private one', () => {
    const privateToo = { ...venue, address: '济南市高新区凤园路 1 号', private: { address: '内部地址 PRIV' } };
    expect(projectPublic(privateToo)).toMatchObject({ address: '济南市高新区凤园路 1 号' });
    expect(JSON.stringify(projectPublic(privateToo))).not.toContain('PRIV');
    expect(projectPublic({ ...privateToo, layer: 'partner', kind: 'social_org' })).toMatchObject({ address: '济南市高新区凤园路 1 号' });
    expect(projectPublic({ ...privateToo, layer: 'partner', kind: 'person' })).toBeNull();
    // Other layers have no public address: an activity's is its venue's.
    expect(projectPublic({ ...privateToo, layer: 'activity' })).not.toHaveProperty('address');
  });

  it('keeps needs and private persons off the public map, lists organisations', () => {
    expect(projectPublic({ ...venue, layer: 'need' })).toBeNull();
    expect(projectPublic({ ...venue, layer: 'partner', kind: 'person' })).toBeNull();
    expect(projectPublic({ ...venue, layer: 'partner', kind: 'company' })).not.toBeNull();
  });
});
