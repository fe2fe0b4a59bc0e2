import { describe, expect, it } from 'vitest';
import { featuresOf, writeFeature, type FeatureOf } from '../../model/index.ts';
import { createLogger } from '../log.ts';
import { createMemoryStore } from '../storage/memory.ts';
import type { DocStore } from '../storage/store.ts';
import { SyncServer } from '../sync/sync-server.ts';
import { applyReview } from '../review/review-actions.ts';
import { FirstView } from './firstView.ts';
import { PublicProjection } from './projection.ts';
import { asyncStores } from '../storage/async-view.ts';

const REVIEWER = { role: 'admin' as const, sub: 'reviewer', name: '审核人' };

const venue = (name: string): FeatureOf<'venue'> => ({
  id: 'venue-first-view-unit',
  layer: 'venue',
  name,
  street: 'suncun',
  provenance: 'staff',
  geometry: { type: 'Point', coordinates: [117.25, 36.69] },
  venueType: '活动室',
  community: null,
});

/** A real sync core, memory store and public projection, with nobody connected to any room. */
function serverWithoutVisitors() {
  const base = createMemoryStore();
  const loads: string[] = [];
  // The memory store, counting room loads: a load of `public` is a render from a cold room.
  const store: DocStore = { ...base, loadRoom: (room) => (loads.push(room), base.loadRoom(room)) };
  const log = createLogger('silent');
  const sync = new SyncServer({ store: asyncStores(store).log, log });
  sync.use(new PublicProjection(sync, asyncStores(store).log, log, { ownerOf: () => null }));
  return { sync, firstView: new FirstView(sync), publicLoads: () => loads.filter((r) => r === 'public').length };
}

describe('the first view while nobody is on the public map', () => {
  it('shows a staff edit on the next page load, and renders an unchanged map only once', async () => {
    const { sync, firstView, publicLoads } = serverWithoutVisitors();
    // Written and approved (the public sees approved versions only).
    await sync.withRoom('street:suncun', (room) => {
      writeFeature(room.doc, venue('初名活动室'));
      applyReview(room.doc, 'street:suncun', 'approve', ['venue-first-view-unit'], REVIEWER, '');
    });
    const t0 = 1_000_000;
    expect((await firstView.parts(false, t0)).view).toContain('初名活动室');
    expect(sync.loadedRoom('public')).toBeNull(); // rendered from the room, then freed
    const loadsAfterFirst = publicLoads();

    // Unchanged: the same render, however much later, without loading the room again.
    const first = await firstView.parts(false, t0 + 60_000);
    expect(await firstView.parts(false, t0 + 120_000)).toBe(first);
    expect(publicLoads()).toBe(loadsAfterFirst);

    // Staff rename the venue (their room loaded, the public one not): the next load shows it.
    await sync.withRoom('street:suncun', (room) => {
      featuresOf(room.doc).get('venue-first-view-unit')!.set('name', '改名活动室');
      applyReview(room.doc, 'street:suncun', 'approve', ['venue-first-view-unit'], REVIEWER, '');
    });
    const after = await firstView.parts(false, t0 + 121_500);
    expect(after.view).toContain('改名活动室');
    expect(after.view).not.toContain('初名活动室');
    expect(publicLoads()).toBe(loadsAfterFirst + 1);
  });
});
