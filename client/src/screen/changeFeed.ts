import type * as Y from 'yjs';
import { featuresOf, PRIVATE_KEY, type FeatureMap, type RoomName } from '../../../model/index.ts';

/** What a feature is, as far as a feed line needs: its name, layer and where it belongs. */
export type Subject = { name: string; layer: string | null; community: string | null; street: string | null };

export type FeedEntry = {
  /** Unique and increasing: React's key, and "newest first" order. */
  key: number;
  at: number;
  room: RoomName;
  kind: 'add' | 'update' | 'delete' | 'bulk';
  subject: Subject;
  /** Fields changed (update); `private` stands for any staff-only field, whose names are not shown. */
  fields: string[];
  /** Features touched by one bulk transaction. */
  count: number;
};

export type FeedOptions = {
  /**
   * The feature as it was before this change: the feed observes the docs synchronously, before
   * the feature view applies the change on the next frame, so the view still has the old record
   * (the name of a deleted feature is known only there).
   */
  before: (id: string) => Subject | null;
  /** Lines kept (the screen shows the first few): a wall that runs for days must not grow. */
  limit?: number;
  now?: () => number;
};

/** A transaction touching more features than this is one "bulk" line (an import, a reseed). */
const BULK = 5;

function text(v: unknown): string | null {
  return typeof v === 'string' && v ? v : null;
}

function readSubject(entry: FeatureMap | undefined, id: string): Subject | null {
  if (!entry || typeof entry.get !== 'function') return null;
  return { name: text(entry.get('name')) ?? id, layer: text(entry.get('layer')), community: text(entry.get('community')), street: text(entry.get('street')) };
}

/**
 * "雅居园社区 新增活动 …": a live list of the latest edits, derived from the Yjs changes of the
 * rooms as they arrive (observeDeep), newest first and bounded. Changes that only bring a room up
 * to date when it (re)connects are history, not news: a room's events count only once it has
 * synced for the first time (`setLive`).
 */
export class ChangeFeed {
  private entries: readonly FeedEntry[] = [];
  private readonly rooms = new Map<RoomName, { features: Y.Map<FeatureMap>; handler: (events: Array<Y.YEvent<Y.AbstractType<unknown>>>) => void; live: boolean }>();
  private readonly listeners = new Set<() => void>();
  private seq = 0;
  private readonly limit: number;
  private readonly now: () => number;

  constructor(private readonly options: FeedOptions) {
    this.limit = options.limit ?? 30;
    this.now = options.now ?? Date.now;
  }

  attach(room: RoomName, doc: Y.Doc): void {
    this.detach(room);
    const features = featuresOf(doc);
    const state = { features, live: false, handler: (events: Array<Y.YEvent<Y.AbstractType<unknown>>>) => state.live && this.onEvents(room, features, events) };
    features.observeDeep(state.handler);
    this.rooms.set(room, state);
  }

  /** The room finished its first sync: from now on its changes are news. */
  setLive(room: RoomName): void {
    const state = this.rooms.get(room);
    if (state) state.live = true;
  }

  detach(room: RoomName): void {
    const state = this.rooms.get(room);
    if (!state) return;
    state.features.unobserveDeep(state.handler);
    this.rooms.delete(room);
  }

  destroy(): void {
    for (const room of [...this.rooms.keys()]) this.detach(room);
    this.listeners.clear();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): readonly FeedEntry[] => this.entries;

  private onEvents(room: RoomName, features: Y.Map<FeatureMap>, events: Array<Y.YEvent<Y.AbstractType<unknown>>>): void {
    // One line per feature and transaction: the fields of one edit are listed together.
    const touched = new Map<string, { kind: FeedEntry['kind']; fields: Set<string> }>();
    for (const event of events) {
      if (event.target === features) {
        for (const [id, change] of event.changes.keys) {
          const kind = change.action === 'add' ? 'add' : change.action === 'delete' ? 'delete' : 'update';
          touched.set(id, { kind, fields: new Set() });
        }
        continue;
      }
      const id = event.path[0];
      if (typeof id !== 'string') continue;
      const row = touched.get(id) ?? { kind: 'update' as const, fields: new Set<string>() };
      if (row.kind === 'update') {
        if (event.path[1] === PRIVATE_KEY) row.fields.add(PRIVATE_KEY);
        else for (const key of event.changes.keys.keys()) row.fields.add(key === PRIVATE_KEY ? PRIVATE_KEY : key);
      }
      touched.set(id, row);
    }
    if (touched.size === 0) return;

    const at = this.now();
    const fresh: FeedEntry[] = [];
    if (touched.size > BULK) {
      const [firstId] = touched.keys();
      const subject = readSubject(features.get(firstId!), firstId!) ?? this.options.before(firstId!) ?? { name: firstId!, layer: null, community: null, street: null };
      fresh.push({ key: ++this.seq, at, room, kind: 'bulk', subject, fields: [], count: touched.size });
    } else {
      for (const [id, { kind, fields }] of touched) {
        const subject = kind === 'delete' ? this.options.before(id) : (readSubject(features.get(id), id) ?? this.options.before(id));
        if (!subject) continue;
        fresh.push({ key: ++this.seq, at, room, kind, subject, fields: [...fields].sort(), count: 1 });
      }
    }
    if (fresh.length === 0) return;
    this.entries = [...fresh.reverse(), ...this.entries].slice(0, this.limit);
    for (const listener of this.listeners) listener();
  }
}
