import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { featuresOf, writeFeature } from '../../model/index.ts';
import { decodeAwarenessUpdate, encodeAwarenessUpdate } from '../../server/sync/awareness-guard.ts';
import { testVenue } from './features.ts';
import { frames } from './raw.ts';

/**
 * The crafted payloads of issue 11's rows, shared by the one-process rows (test/attacks/) and
 * their cross-process variant (integration/cluster-live.test.ts), so both send the same attack.
 */

/** Row 1: a venue whose private map holds a chain of `depth` nested maps (built in one transaction). */
export function deepVenue(doc: Y.Doc, id: string, depth: number): void {
  doc.transact(() => {
    writeFeature(doc, testVenue(id, { name: '深层嵌套', private: { notes: 'x' } }));
    let m = featuresOf(doc).get(id)!.get('private') as Y.Map<unknown>;
    for (let i = 0; i < depth; i++) {
      const next = new Y.Map<unknown>();
      m.set('notes', next);
      m = next;
    }
  });
}

/** Row 6: one awareness frame claiming `ids` new client ids (the n-th message's), each with a 7 kB state. */
export function presenceFloodFrame(n: number, ids: number): Uint8Array {
  const filler = 'x'.repeat(7000);
  return frames.awareness(
    encodeAwarenessUpdate(
      Array.from({ length: ids }, (_, i) => ({
        clientID: 1_000_000 + n * ids + i,
        clock: 1,
        state: JSON.stringify({ user: { name: 'ghost' }, cursor: [117, 36], filler }),
      })),
    ),
  );
}

/** The client ids of an awareness frame. */
export function clientIdsIn(frame: Uint8Array): number[] {
  const d = decoding.createDecoder(frame);
  decoding.readVarUint(d);
  return decodeAwarenessUpdate(decoding.readVarUint8Array(d)).map((e) => e.clientID);
}
