import { describe, expect, it } from 'vitest';
import { featureSchema } from '../../../../model/index.ts';
import { fieldsOf } from './fieldSpecs.ts';
import { errorsByField, followRemote, fromValue, mergeDirty, toValues, type FormValues } from './formValues.ts';

const venue = {
  id: 'venue-test',
  layer: 'venue',
  name: '彩虹湖社区阅览室',
  street: 'suncun',
  provenance: 'approximate',
  geometry: { type: 'Point', coordinates: [117.25, 36.7] },
  venueType: '阅览室',
  community: 'community-suncun-caihonghu',
  capacity: { value: 1200, atLeast: true },
  openingHours: '9:00-17:00',
  private: { phone: '0531-1' },
};
const specs = fieldsOf('venue');

describe('form values ⇄ feature', () => {
  it('round-trips a stored venue unchanged', () => {
    const values = toValues(specs, venue);
    expect(values.capacity).toEqual({ value: '1200', atLeast: true, about: false });
    expect(values.geometry).toEqual({ lng: '117.25', lat: '36.7' });
    expect(values['private.phone']).toBe('0531-1');
    expect(values.areaM2).toEqual({ value: '', atLeast: false, about: false });
    expect(mergeDirty(venue, specs, values, 'all')).toEqual(venue);
  });

  it('turns typed text into model values, and keeps what is not a number for the model to reject', () => {
    const capacity = specs.find((s) => s.name === 'capacity')!;
    expect(fromValue(capacity, { value: '1,200', atLeast: false, about: true })).toEqual({ value: 1200, atLeast: false, about: true });
    expect(fromValue(capacity, { value: '', atLeast: true, about: false })).toBeUndefined();
    const bad = mergeDirty(venue, specs, { ...toValues(specs, venue), capacity: { value: 'abc', atLeast: false, about: false } }, new Set(['capacity']));
    expect(bad.capacity).toEqual({ value: 'abc', atLeast: false });
    expect(featureSchema.safeParse(bad).success).toBe(false);
  });

  it('clears an emptied optional field and a private section left empty', () => {
    const values: FormValues = { ...toValues(specs, venue), openingHours: '  ', 'private.phone': '' };
    const out = mergeDirty(venue, specs, values, new Set(['openingHours', 'private.phone']));
    expect(out).not.toHaveProperty('openingHours');
    expect(out).not.toHaveProperty('private');
    expect(featureSchema.safeParse(out).success).toBe(true);
  });

  it('maps "none" and 全区 to null', () => {
    const out = mergeDirty(venue, specs, { ...toValues(specs, venue), community: '', street: '' }, new Set(['community', 'street']));
    expect(out.community).toBeNull();
    expect(out.street).toBeNull();
  });
});

describe('dirty-field merge', () => {
  it('overlays only the fields the user touched on the feature as stored now', () => {
    const opened = toValues(specs, venue);
    // A colleague changed the motto and the phone after the form opened…
    const storedNow = { ...venue, motto: '书香满社区', private: { phone: '0531-2', contact: '王老师' } };
    // …while this user changed the opening hours and the name.
    const values: FormValues = { ...opened, openingHours: '8:30-18:00', name: '彩虹湖阅览室' };
    const out = mergeDirty(storedNow, specs, values, new Set(['openingHours', 'name']));
    expect(out).toEqual({ ...storedNow, openingHours: '8:30-18:00', name: '彩虹湖阅览室' });
    // The stale values of untouched fields (no motto, the old phone) are never written back.
    expect(out.motto).toBe('书香满社区');
    expect(out.private).toEqual({ phone: '0531-2', contact: '王老师' });
  });

  it('merges private fields one by one', () => {
    const storedNow = { ...venue, private: { phone: '0531-2', notes: '周一闭馆' } };
    const values: FormValues = { ...toValues(specs, venue), 'private.contact': '李女士' };
    expect(mergeDirty(storedNow, specs, values, new Set(['private.contact'])).private).toEqual({ phone: '0531-2', notes: '周一闭馆', contact: '李女士' });
  });

  it('keeps a drawn boundary when the form has no position to edit', () => {
    const community = { id: 'c', layer: 'community', name: '社区', street: 'suncun', provenance: 'staff', brands: [], highlights: [], geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] } };
    const cspecs = fieldsOf('community');
    const values = toValues(cspecs, community);
    expect(values.geometry).toBeNull();
    expect(mergeDirty(community, cspecs, values, 'all').geometry).toEqual(community.geometry);
  });

  it('lets untouched fields follow the stored feature and keeps the ones being edited', () => {
    const values: FormValues = { ...toValues(specs, venue), name: '我正在改的名字' };
    const stored = { ...venue, name: '同事改的名字', motto: '新口号' };
    const next = followRemote(specs, values, stored, new Set(['name']));
    expect(next.name).toBe('我正在改的名字');
    expect(next.motto).toBe('新口号');
    expect(followRemote(specs, next, stored, new Set(['name']))).toBe(next);
  });

  it('puts each message beside its input, and the rest at the top', () => {
    expect(errorsByField(specs, { capacity: 'x', 'private.phone': 'y', figures: 'z' })).toEqual({ capacity: 'x', 'private.phone': 'y', '': 'z' });
  });
});
