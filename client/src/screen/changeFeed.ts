import type * as Y from 'yjs';
import { AUDIT_LIMITS, featuresOf, FEED_BULK, PRIVATE_KEY, type FeatureMap, type FeedKind, type FeedSubject, type RoomName, type ScreenFeedItem } from '../../../model/index.ts';

/** What a feature is, as far as a feed line needs: its name, layer and where it belongs. */
export type Subject = FeedSubject;

export type FeedEntry = {
  /** Unique (React's key); live lines get increasing ones as they arrive. */
  key: number;
  /** When (this wall's clock; a loaded line's server time is moved onto it). */
  at: number;
  room: RoomName;
  kind: FeedKind;
  subject: Subject;
  /** Fields changed (update); `private` stands for any staff-only field, whose names are not shown. */
  fields: string[];
  /** Features touched by one bulk transaction. */
  count: number;
  /** The features of the line (a bulk line's first few): how a loaded line and a live one are known to be the same edit. */
  ids: string[];
  /** Seen live, or loaded from the audit log on start (mergeHistory). */
  from: 'live' | 'history';
};

/**
 * How far apart (ms) a live line and a loaded one of the same edit may be: the audit log writes an
 * edit up to a second after it (one entry per user and second), the wall's clock is set against
 * the server's within a request's round trip, and the live update takes its own way.
 */
const SAME_EDIT_MS = 5000;

/** Is a loaded line's edit one the wall already lists from what it saw live? */
function seenLive(loaded: FeedEntry, listed: readonly FeedEntry[]): boolean {
  const near = listed.filter((l) => l.from === 'live' && l.room === loaded.room && Math.abs(l.at - loaded.at) <= SAME_EDIT_MS);
  if (near.some((l) => sameEdit(l, loaded))) return true;
  // One audit entry of a few quick edits (one user within a second) is a bulk line where the wall saw single ones.
  return loaded.kind === 'bulk' && loaded.ids.length > 0 && loaded.ids.every((id) => near.some((l) => l.ids.includes(id)));
}

/** Do a live line and a loaded one (from the audit log) tell of the same edit? */
function sameEdit(live: FeedEntry, loaded: FeedEntry): boolean {
  if (live.room !== loaded.room || Math.abs(live.at - loaded.at) > SAME_EDIT_MS) return false;
  if (live.kind === 'bulk') return loaded.kind === 'bulk' || loaded.ids.some((id) => live.ids.includes(id));
  return live.kind === loaded.kind && loaded.ids.some((id) => live.ids.includes(id));
}

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
 * synced for the first time (`setLive`). What happened before the wall was (re)loaded comes from
 * the audit log once (`mergeHistory`), merged by time; an edit both seen live and loaded is one
 * line (the live one).
 */
export class ChangeFeed {
  private entries: readonly FeedEntry[] = [];
  private readonly rooms = new Map<RoomName, { features: Y.Map<FeatureMap>; handler: (events: Array<Y.YEvent<Y.AbstractType<unknown>>>) => void; live: boolean }>();
  private readonly listeners = new Set<() => void>();
  private seq = 0;
  private historyMerged = false;
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

  /**
   * The recent edits from the audit log (GET /api/screen/feed), newest first, with the server's
   * clock when it answered (`serverNow`): their times are moved onto this wall's clock, lines of
   * edits already listed are left out, and the whole list is ordered by time and bounded again.
   */
  mergeHistory(items: readonly ScreenFeedItem[], serverNow: number): void {
    // Once: a second answer would list the same edits again.
    if (this.historyMerged) return;
    this.historyMerged = true;
    const offset = serverNow - this.now();
    const listed = this.entries;
    const loaded: FeedEntry[] = [];
    for (const item of items) {
      const entry: FeedEntry = { key: 0, at: item.at - offset, room: item.room, kind: item.kind, subject: item.subject, fields: item.fields, count: item.count, ids: item.ids, from: 'history' };
      if (!seenLive(entry, listed)) loaded.push({ ...entry, key: ++this.seq });
    }
    if (loaded.length === 0) return;
    // A stable sort: at equal times the lines already listed stay first, then the loaded ones in their order.
    this.entries = [...listed, ...loaded].sort((a, b) => b.at - a.at).slice(0, this.limit);
    for (const listener of this.listeners) listener();
  }

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
    if (touched.size > FEED_BULK) {
      const [firstId] = touched.keys();
      const subject = readSubject(features.get(firstId!), firstId!) ?? this.options.before(firstId!) ?? { name: firstId!, layer: null, community: null, street: null };
      // As many ids as an audit entry lists: enough to know the loaded line of the same import.
      const ids = [...touched.keys()].slice(0, AUDIT_LIMITS.features);
      fresh.push({ key: ++this.seq, at, room, kind: 'bulk', subject, fields: [], count: touched.size, ids, from: 'live' });
    } else {
      for (const [id, { kind, fields }] of touched) {
        const subject = kind === 'delete' ? this.options.before(id) : (readSubject(features.get(id), id) ?? this.options.before(id));
        if (!subject) continue;
        fresh.push({ key: ++this.seq, at, room, kind, subject, fields: [...fields].sort(), count: 1, ids: [id], from: 'live' });
      }
    }
    if (fresh.length === 0) return;
    // A loaded line of this very edit (the audit log had it when the wall asked): the live one replaces it.
    const kept = this.entries.filter((e) => e.from === 'live' || !fresh.some((f) => sameEdit(f, e)));
    this.entries = [...fresh.reverse(), ...kept].slice(0, this.limit);
    for (const listener of this.listeners) listener();
  }
}
