import { HEARTBEAT_FRAME } from '../../model/index.ts';
import type { Connection, Sender } from './connection.ts';

/** Heartbeat ticks per interval: how finely the quiet sockets are spread over it. */
export const HEARTBEAT_TICKS = 8;

/**
 * The heartbeat (model/wire.ts), one timer for all sockets, ticking HEARTBEAT_TICKS times per
 * `everyMs`: every socket that was sent nothing for HEARTBEAT_TICKS ticks gets the shared
 * heartbeat frame. A socket that gets updates or presence gets no heartbeat at all; a quiet one
 * gets one every `everyMs`, never later (the send that stamped it happened after the tick it was
 * stamped with). Ticks are counted, not timed: a stamp costs one assignment per send
 * (Sender.send), and timer jitter cannot skip a beat. A tick writes only to the sockets due,
 * which are spread over the ticks as their last traffic was (joins, edits), so a crowd of quiet
 * phones costs a few small writes per tick rather than one burst per interval.
 *
 * Returns the stop, or null when `everyMs` is 0 (no heartbeat; for tests).
 */
export function startHeartbeat(everyMs: number, sender: Sender, rooms: () => Iterable<ReadonlySet<Connection>>): (() => void) | null {
  if (everyMs <= 0) return null;
  const timer = setInterval(() => {
    const tick = ++sender.ticks;
    for (const set of rooms()) {
      // send() may close a slow consumer, deleting it from this set: allowed while iterating.
      for (const conn of set) if (tick - conn.sentAt >= HEARTBEAT_TICKS) sender.send(conn, HEARTBEAT_FRAME);
    }
  }, everyMs / HEARTBEAT_TICKS);
  timer.unref();
  return () => clearInterval(timer);
}
