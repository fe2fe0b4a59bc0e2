import { awaitsReview, DISTRICT_ROOM, publicVersion, STREET_IDS, versionDiff, type FieldChange, type PublicationStatus, type RoomName } from '../../../../model/index.ts';
import type { RoomGrant } from '../../api/publicSession.ts';
import type { FeatureRecord } from '../../data/record.ts';

/**
 * The 待审核 list, pure: what waits for a reviewer (unpublished, pending, returned) in the rooms
 * this session reads, grouped by room (the zone-wide `district` first, then the subdistricts in
 * their usual order), and within a room the send-backs first, then changes, then new features.
 */

/** The layers a reviewer sees in the list: every layer that can be public. */
export const REVIEWED_LAYERS = ['zone', 'street', 'community', 'venue', 'partner', 'activity'] as const;

export type Waiting = 'unpublished' | 'pending' | 'returned';
export type QueueItem = { record: FeatureRecord; status: Waiting; canReview: boolean };
export type QueueGroup = { room: RoomName; items: QueueItem[] };

const STATUS_ORDER: Record<Waiting, number> = { returned: 0, pending: 1, unpublished: 2 };
const LAYER_ORDER = new Map<string, number>(REVIEWED_LAYERS.map((l, i) => [l, i]));
const ROOM_ORDER = new Map<string, number>([DISTRICT_ROOM, ...STREET_IDS.map((id) => `street:${id}`)].map((r, i) => [r, i]));
const collator = new Intl.Collator('zh-CN', { numeric: true });

export function isWaiting(status: PublicationStatus | undefined): status is Waiting {
  return awaitsReview(status);
}

export function mayReviewRoom(room: RoomName, grants: readonly RoomGrant[]): boolean {
  return grants.some((g) => g.room === room && g.canReview === true);
}

export function mayWriteRoom(room: RoomName, grants: readonly RoomGrant[]): boolean {
  return grants.some((g) => g.room === room && g.canWrite);
}

export type ReviewedLayer = (typeof REVIEWED_LAYERS)[number];
type Records = { records(layer: ReviewedLayer): FeatureRecord[] };
/** What a snapshot says of each layer: its collection is a new object whenever the layer changed. */
type Versions = { layers: Record<ReviewedLayer, { collection: object }> };

const waitingCache = new WeakMap<object, FeatureRecord[]>();

/**
 * The records of one layer that wait for review, read again only when that layer changed: the
 * page asks on every change of any layer (tab count, badges), and a big room has many features.
 */
export function waitingOf(source: Records, layer: ReviewedLayer, data: Versions): FeatureRecord[] {
  const version = data.layers[layer].collection;
  let waiting = waitingCache.get(version);
  if (!waiting) waitingCache.set(version, (waiting = source.records(layer).filter((r) => isWaiting(r.status))));
  return waiting;
}

/** How many features wait for review (the 审核 tab's count). */
export function waitingCount(source: Records, data: Versions): number {
  return REVIEWED_LAYERS.reduce((n, layer) => n + waitingOf(source, layer, data).length, 0);
}

export function reviewQueue(records: Iterable<FeatureRecord>, grants: readonly RoomGrant[]): QueueGroup[] {
  const byRoom = new Map<RoomName, QueueItem[]>();
  for (const record of records) {
    if (!isWaiting(record.status)) continue;
    const items = byRoom.get(record.room) ?? [];
    items.push({ record, status: record.status, canReview: mayReviewRoom(record.room, grants) });
    byRoom.set(record.room, items);
  }
  for (const items of byRoom.values()) {
    items.sort(
      (a, b) =>
        STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
        (LAYER_ORDER.get(a.record.layer) ?? 9) - (LAYER_ORDER.get(b.record.layer) ?? 9) ||
        collator.compare(a.record.name, b.record.name),
    );
  }
  return [...byRoom]
    .sort(([a], [b]) => (ROOM_ORDER.get(a) ?? 99) - (ROOM_ORDER.get(b) ?? 99))
    .map(([room, items]) => ({ room, items }));
}

/**
 * What a review of this feature is about: the public fields that differ from its approved version
 * (`published`), or, for a feature never published (or taken off), the version it would publish
 * (`fresh`). Computed with the server's functions (model/review.ts), on the whole stored feature.
 */
export type ReviewChanges = { kind: 'changed'; changes: FieldChange[] } | { kind: 'fresh'; version: Readonly<Record<string, unknown>> } | { kind: 'none' };

export function reviewChanges(record: FeatureRecord): ReviewChanges {
  const now = publicVersion(record.private ? { ...record.fields, private: record.private } : record.fields, record.room);
  if (!now) return { kind: 'none' };
  const before = record.review?.published;
  if (!before) return { kind: 'fresh', version: now };
  return { kind: 'changed', changes: versionDiff(before, now) };
}

export type RefusalKind = 'missing' | 'forbidden' | 'notPublished' | 'internal' | 'invalid' | 'notYet';

/** The reason 导入后直接发布 gives a feature it approved but did not see published (ledger/publishImport.ts). */
export const NOT_YET = 'not published yet';

/** The server's refusal reasons (server/review/review-actions.ts, server/http/review.ts) as a kind the panel words; null for one it does not know. */
export function refusalKind(reason: string): RefusalKind | null {
  if (reason === 'no such feature' || reason.startsWith('the feature does not exist')) return 'missing';
  if (reason.startsWith('forbidden')) return 'forbidden';
  if (reason === 'not published') return 'notPublished';
  if (reason.startsWith('never public')) return 'internal';
  if (reason.startsWith('its public fields')) return 'invalid';
  if (reason === NOT_YET) return 'notYet';
  return null;
}
