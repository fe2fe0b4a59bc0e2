import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { writeFeature } from '../../../model/index.ts';
import type { DrawnLayer } from '../map/layers/types.ts';
import { projectors } from '../runtime.ts';
import { firstFrame } from './firstFrame.ts';
import { LiveFeatures } from './liveFeatures.ts';
import { feature, manualScheduler, street } from './testFixtures.ts';
import { staffRecords } from './record.ts';

const suncun = () =>
  feature({
    id: 'suncun',
    layer: 'street',
    name: '孙村街道',
    street: 'suncun',
    provenance: 'approximate',
    code: '370176002',
    geometry: { type: 'Polygon', coordinates: [[[117.3, 36.8], [117.4, 36.8], [117.4, 36.9], [117.3, 36.9], [117.3, 36.8]]] },
  });

/** The staff map's first frame as App computes it, from a LiveFeatures fed by two street rooms. */
function frameOf(live: LiveFeatures<DrawnLayer>, allSynced: boolean) {
  const streets = live.records('street').map((r) => ({ street: r.fields.street, geometry: r.geometry }));
  return firstFrame(streets, { ownStreet: null, allSynced, indexPending: live.hasPending() });
}

describe('the staff map’s first frame', () => {
  it('waits until every synced room is indexed, so it never frames part of the subdistricts', () => {
    const frames = manualScheduler();
    const live = new LiveFeatures(projectors(), staffRecords, frames.schedule);
    const shunhualu = new Y.Doc();
    const suncunDoc = new Y.Doc();
    live.attach('street:shunhualu', shunhualu);
    live.attach('street:suncun', suncunDoc);
    writeFeature(shunhualu, street());
    frames.runFrame();
    // One room has arrived and been drawn; the other is still syncing: no frame yet.
    expect(frameOf(live, false)).toBeNull();

    // The second room's sync step 2 is applied and every room reports synced, but the index
    // catches up only on the next frame: framing now would frame 舜华路 alone.
    writeFeature(suncunDoc, suncun());
    expect(live.records('street')).toHaveLength(1);
    expect(frameOf(live, true)).toBeNull();

    frames.runFrame();
    expect(frameOf(live, true)).toEqual([117.1, 36.65, 117.4, 36.9]);
  });

  it('frames an editor’s own subdistrict as soon as it is there', () => {
    const outlines = [
      { street: 'shunhualu', geometry: street().geometry },
      { street: 'suncun', geometry: suncun().geometry },
    ];
    expect(firstFrame(outlines, { ownStreet: 'suncun', allSynced: false, indexPending: true })).toEqual([117.3, 36.8, 117.4, 36.9]);
    expect(firstFrame([], { ownStreet: 'suncun', allSynced: true, indexPending: false })).toBeNull();
  });
});
