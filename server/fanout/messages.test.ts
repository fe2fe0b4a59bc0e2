import { describe, expect, it } from 'vitest';
import {
  Channels,
  decodePresenceMessage,
  decodeProcessMessage,
  decodeUpdateMessage,
  encodePresenceMessage,
  encodeProcessMessage,
  encodeUpdateMessage,
} from './messages.ts';

describe('the fan-out\'s channels and messages', () => {
  it('names a room\'s channels under the prefix and reads them back; others\' channels are none of ours', () => {
    const ch = new Channels('srx:');
    expect([ch.doc('street:suncun'), ch.presence('district'), ch.process, ch.pattern]).toEqual(['srx:doc:street:suncun', 'srx:presence:district', 'srx:process', 'srx:*']);
    expect(ch.parse('srx:doc:street:suncun')).toEqual({ kind: 'doc', room: 'street:suncun' });
    expect(ch.parse('srx:presence:public')).toEqual({ kind: 'presence', room: 'public' });
    expect(ch.parse('srx:process')).toEqual({ kind: 'process' });
    for (const other of ['srx:doc:street:nowhere', 'srx:staging:doc:district', 'other:doc:district', 'srx:docdistrict']) expect(ch.parse(other), other).toBeNull();
  });

  it('round-trips each message; a message of another format version is not read', () => {
    const update = Uint8Array.of(1, 2, 3, 250);
    expect(decodeUpdateMessage(encodeUpdateMessage({ process: 'p1', seq: 2 ** 40, update }))).toEqual({ process: 'p1', seq: 2 ** 40, update });
    expect(decodePresenceMessage(encodePresenceMessage({ process: 'p1', update }))).toEqual({ process: 'p1', update });
    const alive = { process: 'p1', kind: 'alive', seqs: [['district', 7], ['street:suncun', 12]] } as const;
    expect(decodeProcessMessage(encodeProcessMessage(alive))).toEqual(alive);
    expect(decodeProcessMessage(encodeProcessMessage({ process: 'p1', kind: 'hello' }))).toEqual({ process: 'p1', kind: 'hello' });
    expect(decodeProcessMessage(encodeProcessMessage({ process: 'p1', kind: 'bye' }))).toEqual({ process: 'p1', kind: 'bye' });
    const future = encodeUpdateMessage({ process: 'p1', seq: 1, update });
    future[0] = 2;
    expect(decodeUpdateMessage(future)).toBeNull();
  });
});
