import { describe, expect, it } from 'vitest';
import { SeqTracker } from './seq-tracker.ts';

describe('SeqTracker: which of a room\'s log rows the doc holds', () => {
  it('holds everything up to what it loaded, then each row applied; a row heard of and not applied is lacking', () => {
    const t = new SeqTracker(10);
    expect([t.through, t.known, t.lacking()]).toEqual([10, 10, false]);
    t.applied(11);
    t.applied(13); // 12 is another process's, not arrived yet
    expect([t.through, t.known, t.lacking()]).toEqual([11, 13, true]);
    t.applied(12);
    expect([t.through, t.lacking()]).toEqual([13, false]);
    t.applied(9); // a row the load had: nothing changes
    expect(t.through).toBe(13);
    // A heartbeat says 15 exists: lacking until it is caught up from the log.
    t.heard(15);
    expect([t.through, t.known, t.lacking()]).toEqual([13, 15, true]);
    t.applied(17); // arrived while the catch-up read
    t.caughtUp(15);
    expect([t.through, t.known, t.lacking()]).toEqual([15, 17, true]); // 16 still missing (its message may be on its way)
    t.applied(16);
    expect([t.through, t.lacking()]).toEqual([17, false]);
    t.caughtUp(12); // an older read changes nothing
    expect(t.through).toBe(17);
    // Heard of a number the log does not hold when read: forgotten, not read again and again.
    t.heard(30);
    expect(t.lacking()).toBe(true);
    t.caughtUp(17);
    expect([t.through, t.known, t.lacking()]).toEqual([17, 17, false]);
  });
});
