import { describe, expect, it } from 'vitest';
import { CloseCode, closeMeaning, HEARTBEAT, HEARTBEAT_FRAME, isFinalClose, MessageType } from './wire.ts';

// Literal numbers on purpose: this pins the wire itself (what deployed pages and servers send).
describe('the wire contract', () => {
  it("message types are y-websocket's", () => {
    expect(MessageType).toEqual({ sync: 0, awareness: 1, auth: 2, queryAwareness: 3 });
  });

  it('every close code is a valid one, used once, with the meaning pages act on', () => {
    const codes = Object.values(CloseCode);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect((code >= 1000 && code <= 1015) || (code >= 4000 && code <= 4999)).toBe(true);
    expect(Object.fromEntries(Object.entries(CloseCode).map(([name, code]) => [name, [code, closeMeaning(code)]]))).toEqual({
      normal: [1000, 'reconnect'],
      goingAway: [1001, 'reconnect'],
      tooBig: [1009, 'reconnect'],
      internalError: [1011, 'reconnect'],
      tryAgainLater: [1013, 'retry-later'],
      badRequest: [4400, 'final'],
      unauthorized: [4401, 'unauthorized'],
      forbidden: [4403, 'forbidden'],
      notFound: [4404, 'final'],
      slowConsumer: [4408, 'retry-later'],
      publicLinkOff: [4410, 'final'],
      tooManyRequests: [4429, 'retry-later'],
    });
    // y-websocket's rule, which the provider applies on its own: a 44xx is final.
    expect(isFinalClose(4499)).toBe(true);
    expect(isFinalClose(4500)).toBe(false);
    expect(isFinalClose(1006)).toBe(false);
    expect(closeMeaning(1006)).toBe('reconnect'); // an abnormal close (no close frame)
  });

  it('the heartbeat is an awareness message listing no client, often enough for a page to notice silence within 5 s', () => {
    expect([...HEARTBEAT_FRAME]).toEqual([MessageType.awareness, 1, 0]);
    expect(HEARTBEAT.timeoutMs).toBeGreaterThan(HEARTBEAT.everyMs);
    expect(HEARTBEAT.timeoutMs).toBeLessThan(5000);
  });
});
