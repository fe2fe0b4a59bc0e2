import * as Y from 'yjs';
import { featuresOf, writeFeature, type FeatureOf } from '../model/index.ts';
import { checkWrite } from '../server/guard/layout-guard.ts';

/**
 * What the write check costs per update, in process, measured against what the server does
 * with the same update anyway (Y.applyUpdate): a room of `features` venues, and `writes` updates
 * as a staff client sends them (nine in ten change one field of a venue, one in ten adds a venue).
 * Both figures are medians over rounds; nothing here is asserted.
 */
export type GuardCost = { checkUs: number; applyUs: number; decodeUs: number; updates: number; features: number };

function venue(id: string, i: number): FeatureOf<'venue'> {
  return {
    id,
    layer: 'venue',
    name: `场地 ${i}`,
    street: 'suncun',
    provenance: 'staff',
    geometry: { type: 'Point', coordinates: [117.2 + (i % 100) / 1000, 36.6 + (i % 77) / 1000] },
    venueType: '活动室',
    community: null,
    private: { phone: String(13800000000 + i) },
  };
}

export function measureGuardCost(features = 10_000, writes = 20_000, rounds = 5): GuardCost {
  const room = new Y.Doc();
  room.transact(() => {
    for (let i = 0; i < features; i++) writeFeature(room, venue(`venue-${i}`, i));
  });
  // The updates a replica sends, in order.
  const replica = new Y.Doc();
  Y.applyUpdate(replica, Y.encodeStateAsUpdate(room));
  const updates: Uint8Array[] = [];
  replica.on('update', (u: Uint8Array) => updates.push(u));
  for (let i = 0; i < writes; i++) {
    if (i % 10 === 9) writeFeature(replica, venue(`venue-new-${i}`, i));
    else featuresOf(replica).get(`venue-${(i * 7919) % features}`)!.set('name', `改名 ${i}`);
  }
  const base = Y.encodeStateAsUpdate(room);
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const decode: number[] = [];
  const check: number[] = [];
  const apply: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, base);
    let tDecode = 0;
    let tCheck = 0;
    let tApply = 0;
    for (const u of updates) {
      let t = performance.now();
      const decoded = Y.decodeUpdate(u);
      tDecode += performance.now() - t;
      t = performance.now();
      const refusal = checkWrite(doc, 'street:suncun', decoded, () => null);
      tCheck += performance.now() - t;
      if (refusal) throw new Error(`an honest update was refused: ${refusal}`);
      t = performance.now();
      Y.applyUpdate(doc, u);
      tApply += performance.now() - t;
    }
    decode.push((tDecode * 1000) / updates.length);
    check.push((tCheck * 1000) / updates.length);
    apply.push((tApply * 1000) / updates.length);
    doc.destroy();
  }
  const round2 = (x: number) => Math.round(x * 100) / 100;
  return { checkUs: round2(median(check)), applyUs: round2(median(apply)), decodeUs: round2(median(decode)), updates: updates.length, features };
}
