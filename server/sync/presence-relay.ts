import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { canPresent, docOrigin, PUBLIC_ROOM, type RemoteOrigin, type RoomName } from '../../model/index.ts';
import type { Logger } from '../log.ts';
import { decodeAwarenessUpdate, encodeAwarenessUpdate, guardAwareness, PresenceBudget, type PresenceLimits, type PresenceUser } from './awareness-guard.ts';
import type { Connection } from './connection.ts';
import type { Extensions } from './extension.ts';
import { encodeAwareness, encodeAwarenessStates } from './messages.ts';

/** What the relay counts (SyncStats). */
export type PresenceCounters = {
  /** Awareness entries dropped: someone else's client id, over the id limit, too big, over a byte budget. */
  awarenessRefused: number;
  /** Presence states whose `present` view (投屏演示) was removed: sent by a connection whose token may not present. */
  presentRefused: number;
};

export type PresenceRelayOptions = {
  limits: PresenceLimits;
  log: Logger;
  counters: PresenceCounters;
  extensions: Extensions;
  /** Presence of these ids changed in a room: send it with the turn's flush (Outbox.queuePresence). */
  changed: (name: RoomName, ids: number[]) => void;
};

type AwarenessChange = { added: number[]; updated: number[]; removed: number[] };
type Presence = {
  awareness: awarenessProtocol.Awareness;
  /** Which connection speaks for each awareness client id. */
  owners: Map<number, Connection>;
  /** The client ids another process speaks for (the fan-out), and which process. */
  remote: Map<number, string>;
  /** Byte budgets: per connection, and the room's total of states. */
  budget: PresenceBudget;
  /** The relay's listener on `awareness`, removed before it is destroyed. */
  listener: (change: AwarenessChange, origin: unknown) => void;
};

/**
 * Presence (awareness), relayed to staff only, on the server's terms (awareness-guard.ts): a
 * connection speaks only for its own client ids, `user` is rewritten from the verified token,
 * states and bytes are bounded, and a `present` view is kept only from those who may present.
 * Kept per room name, created on the first awareness message and dropped with the room's last
 * connection, apart from the Room: unloading an idle doc keeps everyone's presence.
 */
export class PresenceRelay {
  private readonly rooms = new Map<RoomName, Presence>();

  constructor(private readonly o: PresenceRelayOptions) {}

  /** An awareness message from a connection: guarded, applied, relayed with the turn's flush. */
  receive(conn: Connection, update: Uint8Array): void {
    const entries = decodeAwarenessUpdate(update);
    if (!conn.principal || conn.name === PUBLIC_ROOM) return; // not relayed for anonymous clients
    const { counters, limits, log } = this.o;
    const user: PresenceUser = {
      id: conn.principal.sub,
      name: conn.principal.name,
      role: conn.principal.role,
      street: conn.principal.street ?? null,
    };
    const presence = this.of(conn.name);
    const roomOwners = presence.owners;
    const { accepted, refused, presentStripped } = guardAwareness(entries, user, {
      owned: conn.awarenessIds,
      // Another connection's here, or another process's (clients echo every state they are sent).
      ownedElsewhere: (id) => {
        const owner = roomOwners.get(id);
        return (owner !== undefined && owner !== conn && !owner.closed) || presence.remote.has(id);
      },
      maxStateBytes: limits.maxStateBytes,
      maxClientIds: limits.maxClientIds,
      admit: (id, bytes) => presence.budget.admit(conn, id, bytes),
      mayPresent: canPresent(conn.principal),
    });
    if (presentStripped > 0) {
      // An attempt to take the wall without the right: worth an operator's notice, once per
      // connection (a client repeating it with every cursor move must not flood the log).
      counters.presentRefused += presentStripped;
      if (!conn.presentRefusalLogged) {
        conn.presentRefusalLogged = true;
        log.warn({ room: conn.name, user: conn.principal.sub, role: conn.principal.role }, 'presentation refused: this token may not present on the big screen');
      }
    }
    if (refused > 0) {
      // Dropped, not relayed; debug only, as a flood of refusals must not flood the log.
      counters.awarenessRefused += refused;
      log.debug({ room: conn.name, user: conn.principal.sub, refused }, 'presence refused');
    }
    for (const id of conn.awarenessIds) roomOwners.set(id, conn);
    if (accepted.length === 0) return;
    awarenessProtocol.applyAwarenessUpdate(presence.awareness, encodeAwarenessUpdate(accepted), conn);
  }

  /** Everyone's presence in a room as one awareness message (for a joiner, or a query), or null. */
  states(name: RoomName): Uint8Array | null {
    const presence = this.rooms.get(name);
    return presence ? encodeAwarenessStates(presence.awareness) : null;
  }

  /** The awareness message carrying these client ids' states (removed ones as removed), or null without presence. */
  frame(name: RoomName, ids: Iterable<number>): Uint8Array | null {
    const awareness = this.rooms.get(name)?.awareness;
    return awareness ? encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(awareness, [...ids])) : null;
  }

  /**
   * Presence from another process serving the same room (the fan-out): guarded over there, so
   * applied as it is, with the remote origin (never published again), and relayed to this
   * process's staff like any. Kept whether or not this process has clients in the room, so a
   * joiner sees everyone at once. Ids one of this process's connections speaks for are left
   * alone, and a removal counts only from the process that speaks for the id (a client that moved
   * from one process to another may be removed by the first after the second announced it).
   * While another process speaks for an id, no connection here may (every client echoes the
   * states it is sent); a client that moved here from a process that died is taken once that
   * process is timed out, at its next renewal (y-protocols renews every 15 s).
   */
  applyRemote(name: RoomName, update: Uint8Array, origin: RemoteOrigin): void {
    if (name === PUBLIC_ROOM) return; // never any presence there
    const presence = this.of(name);
    const entries = decodeAwarenessUpdate(update).filter((e) => {
      const local = presence.owners.get(e.clientID);
      if (local && !local.closed) return false;
      const owner = presence.remote.get(e.clientID);
      return e.state !== 'null' || owner === undefined || owner === origin.process;
    });
    if (entries.length === 0) return;
    for (const e of entries) {
      if (e.state === 'null') presence.remote.delete(e.clientID);
      else presence.remote.set(e.clientID, origin.process);
    }
    awarenessProtocol.applyAwarenessUpdate(presence.awareness, encodeAwarenessUpdate(entries), origin);
  }

  /** Another process is gone (it said so, or fell silent): the states it spoke for are removed, in every room. */
  dropRemote(origin: RemoteOrigin): void {
    for (const presence of this.rooms.values()) {
      const ids = [...presence.remote].filter(([, process]) => process === origin.process).map(([id]) => id);
      if (ids.length === 0) continue;
      for (const id of ids) presence.remote.delete(id);
      awarenessProtocol.removeAwarenessStates(presence.awareness, ids, origin);
    }
  }

  /**
   * The y-protocols awareness update of these client ids (all of them when omitted), leaving out
   * those another process speaks for (a removed id counts as this process's): what the fan-out
   * publishes. Null when none is left or the room has no presence here.
   */
  localUpdate(name: RoomName, ids?: Iterable<number>): Uint8Array | null {
    const presence = this.rooms.get(name);
    if (!presence) return null;
    const own = [...(ids ?? presence.awareness.getStates().keys())].filter((id) => !presence.remote.has(id) && presence.awareness.meta.has(id));
    return own.length > 0 ? awarenessProtocol.encodeAwarenessUpdate(presence.awareness, own) : null;
  }

  /** The rooms with presence here. */
  roomNames(): RoomName[] {
    return [...this.rooms.keys()];
  }

  /** A connection closed: the states it spoke for are removed (and the peers told). */
  leave(conn: Connection): void {
    const presence = this.rooms.get(conn.name);
    if (!presence || conn.awarenessIds.size === 0) return;
    for (const id of conn.awarenessIds) if (presence.owners.get(id) === conn) presence.owners.delete(id);
    awarenessProtocol.removeAwarenessStates(presence.awareness, [...conn.awarenessIds], conn);
    presence.budget.forget(conn.awarenessIds); // also ids whose state was refused or never applied
  }

  /**
   * The room's last connection is gone (or the room was evicted): its presence goes, unless other
   * processes' clients are in it (kept for this process's next joiner; they leave as they do there).
   */
  drop(name: RoomName): void {
    const p = this.rooms.get(name);
    if (!p || p.remote.size > 0) return;
    this.rooms.delete(name);
    // Destroying clears the server's own (empty) state, which is no one's presence to relay.
    p.awareness.off('update', p.listener);
    p.awareness.destroy();
    p.awareness.doc.destroy();
  }

  /** The room's presence, created on first use. */
  private of(name: RoomName): Presence {
    let p = this.rooms.get(name);
    if (p) return p;
    // Its own tiny doc: y-protocols' Awareness takes its client id from a doc, and the server's
    // own state is never shown to anyone.
    const awareness = new awarenessProtocol.Awareness(new Y.Doc());
    awareness.setLocalState(null);
    const budget = new PresenceBudget(this.o.limits);
    const remote = new Map<number, string>();
    const listener = ({ added, updated, removed }: AwarenessChange, origin: unknown) => {
      if (added.length + updated.length + removed.length === 0) return;
      budget.forget(removed); // signed off or timed out: its bytes no longer count
      this.o.extensions.presence(name, { added, updated, removed, origin: docOrigin(origin) });
      this.o.changed(name, [...added, ...updated, ...removed]);
      // After the extensions heard it: a timed-out id of another process's is still not ours to publish.
      for (const id of removed) remote.delete(id);
    };
    awareness.on('update', listener);
    this.rooms.set(name, (p = { awareness, owners: new Map(), remote, budget, listener }));
    return p;
  }
}
