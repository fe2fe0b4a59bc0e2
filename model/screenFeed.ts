import { z } from 'zod';
import type { AuditEditDetail, AuditFeature } from './audit.ts';
import { PRIVATE_KEY } from './docRead.ts';
import { parseRoomName, roomStreet, type RoomName } from './rooms.ts';

/**
 * The big screen's feed of edits (实时动态) as the server gives it from the audit log on load
 * (`GET /api/screen/feed`, server/http/screen-feed.ts), so a reloaded wall does not start empty;
 * the wall merges it with the edits it sees live (client/src/screen/changeFeed.ts). Only what a
 * feed line shows: what happened to which feature, where, and the names of the fields changed.
 * Never a value, and a staff-only field is only ever `private`, never its name.
 */

/** A transaction or audit entry touching more features than this is one "bulk" line (an import, a restore). */
export const FEED_BULK = 5;

export const FEED_KINDS = ['add', 'update', 'delete', 'bulk'] as const;
export type FeedKind = (typeof FEED_KINDS)[number];

/** What a feature is, as far as a feed line needs: its name, layer and where it belongs (ids). */
export const feedSubjectSchema = z.object({
  name: z.string(),
  layer: z.string().nullable(),
  community: z.string().nullable(),
  street: z.string().nullable(),
});
export type FeedSubject = z.infer<typeof feedSubjectSchema>;

export const screenFeedItemSchema = z.object({
  /** When the server wrote it (ms, the server's clock). */
  at: z.number(),
  room: z.custom<RoomName>((r) => typeof r === 'string' && parseRoomName(r) !== null, 'unknown room'),
  kind: z.enum(FEED_KINDS),
  /** The features of the line (a bulk line's listed ones): to recognise an edit the wall also saw live. */
  ids: z.array(z.string()),
  subject: feedSubjectSchema,
  /** Fields changed (update): names of public and staff fields; `private` for any field of the feature's `private` map. */
  fields: z.array(z.string()),
  /** Features touched (a bulk line's count). */
  count: z.number().int().nonnegative(),
});
export type ScreenFeedItem = z.infer<typeof screenFeedItemSchema>;

export const screenFeedSchema = z.object({
  /** The server's clock when it answered: the wall places these lines beside its own. */
  now: z.number(),
  /** Newest first. */
  items: z.array(screenFeedItemSchema),
});
export type ScreenFeed = z.infer<typeof screenFeedSchema>;

/**
 * The feed lines of one audit edit entry, in the order the wall lists them (newest first within
 * it, as the live feed does with one transaction): deletions, changes, additions as one line each,
 * or one bulk line when the entry touched more than FEED_BULK features. Field names only: the
 * entry's `before` and `after` values are never read, and a private field is `private`.
 */
export function feedItemsOfEdit(room: RoomName, detail: AuditEditDetail, at: number): ScreenFeedItem[] {
  const street = roomStreet(room);
  type Row = { feature: AuditFeature; kind: Exclude<FeedKind, 'bulk'>; fields: string[] };
  const rows: Row[] = [
    ...detail.added.map((feature): Row => ({ feature, kind: 'add', fields: [] })),
    ...detail.changed.map((feature): Row => ({ feature, kind: 'update', fields: [...new Set(feature.fields.map((c) => (c.private ? PRIVATE_KEY : c.field)))].sort() })),
    ...detail.deleted.map((feature): Row => ({ feature, kind: 'delete', fields: [] })),
  ];
  const more = detail.more ? detail.more.added + detail.more.changed + detail.more.deleted : 0;
  const count = rows.length + more;
  if (rows.length === 0) return [];
  // Its community as the entry recorded it (entries from before that name their subdistrict only).
  const subject = ({ feature: f }: Row): FeedSubject => ({ name: f.name ?? f.id, layer: f.layer, community: f.community ?? null, street });
  if (count > FEED_BULK) {
    const first = rows[0]!;
    return [{ at, room, kind: 'bulk', ids: rows.map((r) => r.feature.id), subject: subject(first), fields: [], count }];
  }
  return rows.reverse().map((r) => ({ at, room, kind: r.kind, ids: [r.feature.id], subject: subject(r), fields: r.fields, count: 1 }));
}
