import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { deleteFeature, featuresOf, projectPublic, writeFeatureFields } from '../../../model/index.ts';
import { projectors } from '../runtime.ts';
import { LiveFeatures } from './liveFeatures.ts';
import { activity, docWith, manualScheduler, street, venue, zone } from './testFixtures.ts';
import { staffRecords } from './record.ts';

function setup(showPrivate = true) {
  const frames = manualScheduler();
  const live = new LiveFeatures(projectors(), staffRecords, frames.schedule);
  live.setShowPrivate(showPrivate);
  return { live, frames };
}

describe('LiveFeatures', () => {
  it('builds one FeatureCollection per drawn layer from a room', () => {
    const { live, frames } = setup();
    live.attach('street:shunhualu', docWith(street(), venue(), activity()));
    live.attach('district', docWith(zone()));
    expect(frames.runFrame()).toBe(1);
    const snap = live.getSnapshot();
    expect(snap.layers.venue.count).toBe(1);
    expect(snap.layers.street.count).toBe(1);
    expect(snap.layers.zone.count).toBe(1);
    expect(snap.layers.partner.count).toBe(0);
    const v = snap.layers.venue.collection.features[0]!;
    expect(v.geometry).toEqual({ type: 'Point', coordinates: [117.12, 36.67] });
    expect(v.properties).toMatchObject({ id: 'v-yulan', name: '玉兰社区党群服务中心', venueType: '党群服务中心', room: 'street:shunhualu' });
    expect(snap.layers.activity.collection.features[0]!.properties.attendance).toBe(1200);
    expect(snap.zoneBounds).toEqual([117.0, 36.6, 117.3, 36.9]);
  });

  it('never puts private fields into what is drawn', () => {
    const { live, frames } = setup(true);
    live.attach('street:shunhualu', docWith(venue()));
    frames.runFrame();
    const drawn = JSON.stringify(live.getSnapshot().layers);
    expect(drawn).not.toContain('0531-0000000');
    expect(drawn).not.toContain('杜晓蕾');
    expect(drawn).not.toContain('private');
  });

  it('gives private fields to staff details only', () => {
    const staff = setup(true);
    staff.live.attach('street:shunhualu', docWith(venue()));
    staff.frames.runFrame();
    expect(staff.live.details('v-yulan')?.private).toEqual({ phone: '0531-0000000', contact: '杜晓蕾' });

    // Even if a doc the public reads carried private fields, a public session would not show them.
    const anon = setup(false);
    anon.live.attach('public', docWith(venue()));
    anon.frames.runFrame();
    expect(anon.live.details('v-yulan')?.private).toBeNull();
    expect(anon.live.details('v-yulan')?.record.name).toBe('玉兰社区党群服务中心');
  });

  it('coalesces a burst of changes into one rebuild per frame, and only of the touched layer', () => {
    const { live, frames } = setup();
    const doc = docWith(street(), venue());
    live.attach('street:shunhualu', doc);
    frames.runFrame();
    const before = live.getSnapshot();
    let notified = 0;
    live.subscribe(() => notified++);

    const entry = featuresOf(doc).get('v-yulan')!;
    entry.set('name', 'A');
    entry.set('name', 'B');
    writeFeatureFields(doc, { id: 'v-yulan', openingHours: '9:00-17:00' });
    expect(frames.pending()).toBe(1);
    expect(notified).toBe(0);
    frames.runFrame();

    const after = live.getSnapshot();
    expect(notified).toBe(1);
    expect(after.revision).toBe(before.revision + 1);
    expect(live.names('venue')).toEqual(['B']);
    expect(after.layers.venue.collection).not.toBe(before.layers.venue.collection);
    // Unchanged layers keep the very same objects, so the map controller skips them.
    expect(after.layers.street).toBe(before.layers.street);
    expect(after.layers.zone).toBe(before.layers.zone);
  });

  it('follows geometry changes, additions and deletions', () => {
    const { live, frames } = setup();
    const doc = docWith(venue());
    live.attach('street:shunhualu', doc);
    frames.runFrame();

    featuresOf(doc).get('v-yulan')!.set('geometry', { type: 'Point', coordinates: [117.2, 36.7] });
    frames.runFrame();
    expect(live.getSnapshot().layers.venue.collection.features[0]!.geometry.coordinates).toEqual([117.2, 36.7]);

    docWith(); // unrelated doc: no effect
    const added = venue('v-new', '新场地');
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(docWith(added)));
    frames.runFrame();
    expect(live.names('venue').sort()).toEqual(['新场地', '玉兰社区党群服务中心']);

    deleteFeature(doc, 'v-yulan');
    frames.runFrame();
    expect(live.names('venue')).toEqual(['新场地']);
    expect(live.details('v-yulan')).toBeNull();
  });

  it('follows a change to a nested private field without redrawing anything else', () => {
    const { live, frames } = setup(true);
    const doc = docWith(venue(), street());
    live.attach('street:shunhualu', doc);
    frames.runFrame();
    const before = live.getSnapshot();
    (featuresOf(doc).get('v-yulan')!.get('private') as Y.Map<unknown>).set('phone', '123');
    frames.runFrame();
    expect(live.details('v-yulan')?.private?.phone).toBe('123');
    expect(live.getSnapshot().layers.street).toBe(before.layers.street);
  });

  it('merges rooms, drawing an id present in a staff room and in public once, from the staff room', () => {
    const { live, frames } = setup(true);
    const publicDoc = new Y.Doc();
    const projected = projectPublic({ ...venue(), name: '公开名' })!;
    writeFeatureFields(publicDoc, projected as typeof projected & { id: string });
    live.attach('public', publicDoc);
    live.attach('street:shunhualu', docWith(venue(), street()));
    frames.runFrame();
    expect(live.names('venue')).toEqual(['玉兰社区党群服务中心']);
    expect(live.details('v-yulan')?.record.room).toBe('street:shunhualu');

    live.detach('street:shunhualu');
    expect(live.names('venue')).toEqual(['公开名']);
    expect(live.getSnapshot().layers.street.count).toBe(0);
  });

  it('draws a feature that breaks the schema but still has a geometry, and counts it invalid', () => {
    const { live, frames } = setup();
    const doc = docWith(venue());
    live.attach('street:shunhualu', doc);
    frames.runFrame();
    featuresOf(doc).get('v-yulan')!.set('venueType', '不存在的类型');
    frames.runFrame();
    expect(live.getSnapshot().layers.venue.count).toBe(1);
    expect(live.getSnapshot().invalid).toBe(1);

    // Without a usable geometry there is nothing to draw: it drops out instead of breaking the map.
    featuresOf(doc).get('v-yulan')!.set('geometry', { type: 'Point', coordinates: ['x', 1] });
    frames.runFrame();
    expect(live.getSnapshot().layers.venue.count).toBe(0);
    expect(live.getSnapshot().invalid).toBe(0);
  });

  it('lists the winning records of a layer, with their fields, for indicators', () => {
    const { live, frames } = setup(true);
    const publicDoc = new Y.Doc();
    writeFeatureFields(publicDoc, { ...(projectPublic({ ...venue(), name: '公开名' }) as Record<string, unknown>), id: 'v-yulan' });
    live.attach('public', publicDoc);
    live.attach('street:shunhualu', docWith(venue(), activity()));
    frames.runFrame();
    expect(live.records('venue').map((r) => [r.id, r.name, r.room])).toEqual([['v-yulan', '玉兰社区党群服务中心', 'street:shunhualu']]);
    expect(live.records('activity')[0]!.fields.attendance).toEqual({ value: 1200, atLeast: true });
    expect(live.records('partner')).toEqual([]);
  });

  it('stops observing a detached room', () => {
    const { live, frames } = setup();
    const doc = docWith(venue());
    live.attach('street:shunhualu', doc);
    frames.runFrame();
    live.detach('street:shunhualu');
    featuresOf(doc).get('v-yulan')!.set('name', 'X');
    expect(frames.pending()).toBe(0);
    expect(live.getSnapshot().layers.venue.count).toBe(0);
  });
});
