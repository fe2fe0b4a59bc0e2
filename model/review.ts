import type * as Y from 'yjs';
import { z } from 'zod';
import { featureSchema, type Feature, type Layer } from './features.ts';
import { projectPublic, PUBLIC_FIELDS } from './public.ts';
import { DISTRICT_ROOM, roomStreet, type RoomName } from './rooms.ts';

/**
 * Review before publish (信息公开审核). Staff edits stay live among staff; what reaches the
 * public room is each feature's last approved public version.
 *
 * Where it lives: a staff room's doc holds, beside `features`, a server-owned map `review`:
 * feature id → a plain JSON entry (never a Y type, so that nothing inside it can be edited piece
 * by piece). Only the server writes it (approvals come over HTTP from a verified session; the
 * write guard refuses any client write or delete there), so a crafted client cannot approve its
 * own work. Staff clients read it like the rest of the doc: badges, the 待审核 list and its
 * field-by-field diff are computed in the browser from the same functions as on the server.
 */
export const REVIEW_KEY = 'review';

/** A person as the server's session knew them (never from a payload). */
const actorSchema = z.object({ sub: z.string(), name: z.string() }).strict();
export type ReviewActor = z.infer<typeof actorSchema>;

/** A feature's public version: the whitelisted fields of model/public.ts, from zod's parsed output. */
export type PublicVersion = Record<string, unknown> & { id: string; layer: Layer };
const versionSchema = z.record(z.string(), z.unknown()).refine((v): v is PublicVersion => typeof v.id === 'string' && typeof v.layer === 'string');

export const reviewEntrySchema = z
  .object({
    /** The approved public version; absent: not published (new, or taken off the map). */
    published: versionSchema.optional(),
    approvedBy: actorSchema.optional(),
    approvedAt: z.number().optional(),
    /** The last send-back: who, when, why, and the version that was sent back. */
    returned: z.object({ by: actorSchema, at: z.number(), note: z.string().max(500), version: versionSchema }).strict().optional(),
  })
  .strict();
export type ReviewEntry = z.infer<typeof reviewEntrySchema>;

export function reviewOf(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(REVIEW_KEY);
}

/** A feature's review entry, or undefined when it has none or it does not parse. */
export function readReview(doc: Y.Doc, id: string): ReviewEntry | undefined {
  const parsed = reviewEntrySchema.safeParse(reviewOf(doc).get(id));
  return parsed.success ? parsed.data : undefined;
}

/**
 * - `internal`: never public (needs, private persons): no review.
 * - `unpublished`: not on the public map (new, or taken off); approving publishes it.
 * - `pending`: public in its approved version; later changes of public fields wait for review.
 * - `returned`: the reviewer sent this version back; it stays as it was until edited again.
 * - `published`: the public map shows exactly what staff see (of the public fields).
 * - `invalid`: its public version does not pass the schema, so nothing can be approved yet.
 */
export const PUBLICATION_STATUSES = ['internal', 'unpublished', 'pending', 'returned', 'published', 'invalid'] as const;
export type PublicationStatus = (typeof PUBLICATION_STATUSES)[number];

/** Whether a feature of this layer and kind can ever be public (the whitelist's own rule). */
export function publishable(json: Readonly<Record<string, unknown>>): boolean {
  return projectPublic(json) !== null;
}

/**
 * The version a feature would publish now, or null when it cannot: it must pass its layer's
 * schema and belong to its room (street; the zone only in `district`). The whitelist is applied
 * to zod's parsed output (unknown keys stripped at every level), never to what a client wrote.
 */
export function publicVersion(json: Readonly<Record<string, unknown>>, room: RoomName): PublicVersion | null {
  const parsed = featureSchema.safeParse(json);
  return parsed.success ? publicVersionOf(parsed.data, room) : null;
}

/** `publicVersion` of a feature already parsed with `featureSchema` (the browser's index parses each feature once). */
export function publicVersionOf(feature: Feature, room: RoomName): PublicVersion | null {
  if (feature.street !== roomStreet(room)) return null;
  if (feature.layer === 'zone' && room !== DISTRICT_ROOM) return null;
  return projectPublic(feature as unknown as Record<string, unknown>) as PublicVersion | null;
}

/** JSON with object keys sorted: two versions are the same when their canonical forms are. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

export function sameVersion(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** `now`: the feature's current public version, when the caller has it already (see `publicVersionOf`). */
export function publicationStatus(
  json: Readonly<Record<string, unknown>>,
  room: RoomName,
  entry: ReviewEntry | undefined,
  now: PublicVersion | null = publicVersion(json, room),
): PublicationStatus {
  if (!publishable(json)) return 'internal';
  if (entry?.published && now && sameVersion(entry.published, now)) return 'published';
  if (entry?.returned && now && sameVersion(entry.returned.version, now)) return 'returned';
  if (!now) return 'invalid';
  return entry?.published ? 'pending' : 'unpublished';
}

/** What waits for a reviewer: new or taken off, changed since approved, or sent back and not yet changed. */
export const AWAITING_REVIEW: ReadonlySet<PublicationStatus> = new Set(['unpublished', 'pending', 'returned']);

export function awaitsReview(status: PublicationStatus | undefined): boolean {
  return status !== undefined && AWAITING_REVIEW.has(status);
}

export type FieldChange = { field: string; before?: unknown; after?: unknown };

/** The public fields that differ between the approved version and the current one, in whitelist order. */
export function versionDiff(before: Readonly<Record<string, unknown>> | null | undefined, after: Readonly<Record<string, unknown>> | null | undefined): FieldChange[] {
  const layer = (after?.layer ?? before?.layer) as Layer | undefined;
  const order = (layer && PUBLIC_FIELDS[layer]) || [];
  const keys = [...new Set([...order, ...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  const out: FieldChange[] = [];
  for (const field of keys) {
    const a = before?.[field];
    const b = after?.[field];
    if (a === undefined && b === undefined) continue;
    if (a !== undefined && b !== undefined && sameVersion(a, b)) continue;
    out.push({ field, ...(a !== undefined ? { before: a } : {}), ...(b !== undefined ? { after: b } : {}) });
  }
  return out;
}
