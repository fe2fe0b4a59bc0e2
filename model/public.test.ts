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

  it('keeps needs and private persons off the public map, lists organisations', () => {
    expect(projectPublic({ ...venue, layer: 'need' })).toBeNull();
    expect(projectPublic({ ...venue, layer: 'partner', kind: 'person' })).toBeNull();
    expect(projectPublic({ ...venue, layer: 'partner', kind: 'company' })).not.toBeNull();
  });
});
