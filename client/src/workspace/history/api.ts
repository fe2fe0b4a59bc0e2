import { z } from 'zod';
import type { RoomName } from '../../../../model/index.ts';

/**
 * The history HTTP API of a staff room (server/http/history.ts): named snapshots, the admin's
 * restore, the audit log. Answers are parsed, not trusted; every failure becomes a kind the
 * panel can explain in words.
 */

const snapshotSchema = z.object({ id: z.number(), room: z.string(), name: z.string(), actor: z.string(), at: z.number(), automatic: z.boolean().optional() });
export type SnapshotInfo = z.infer<typeof snapshotSchema>;
/** Saving answers 200 with `unchanged: true` and the newest snapshot when the room has not changed since it. */
const savedSchema = snapshotSchema.extend({ unchanged: z.boolean().optional() });

const auditSchema = z.object({ room: z.string(), actor: z.string(), actorName: z.string().optional(), action: z.string(), detail: z.string().nullable().optional(), at: z.number() });
export type AuditRow = z.infer<typeof auditSchema>;

// `skipped`: features of the snapshot whose id another subdistrict holds now (left out); older servers send none.
const restoreSchema = z.object({ restored: z.number(), backup: z.number(), added: z.number(), changed: z.number(), deleted: z.number(), skipped: z.array(z.string()).default([]) });
export type RestoreResult = z.infer<typeof restoreSchema>;

export type ApiErrorKind = 'unauthorized' | 'forbidden' | 'notFound' | 'badRequest' | 'rateLimited' | 'quotaFull' | 'nameTaken' | 'network' | 'server';
/** `retryAfterS`: from a 429's Retry-After. */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; kind: ApiErrorKind; detail: string; retryAfterS?: number };

/** `reason`: what the server says beside a status that means more than one thing (409: `name-taken` or a full quota). */
function kindOf(status: number, reason: unknown): ApiErrorKind {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'notFound';
  if (status === 400) return 'badRequest';
  if (status === 429) return 'rateLimited';
  if (status === 409) return reason === 'name-taken' ? 'nameTaken' : 'quotaFull';
  return 'server';
}

/** One request to our HTTP API with the session's token: the answer parsed with `schema`, or a failure's kind (the review buttons call it too). */
export async function callApi<T>(schema: z.ZodType<T>, method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, token: string | null, body?: unknown, fetchImpl: typeof fetch = fetch): Promise<ApiResult<T>> {
  let res: Response;
  try {
    res = await fetchImpl(path, {
      method,
      cache: 'no-store',
      headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch (e) {
    return { ok: false, kind: 'network', detail: e instanceof Error ? e.message : String(e) };
  }
  const json: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const error = json && typeof json === 'object' && 'error' in json && typeof json.error === 'string' ? json.error : `HTTP ${res.status}`;
    const retryAfterS = Number(res.headers.get('retry-after'));
    const reason = json && typeof json === 'object' && 'reason' in json ? json.reason : undefined;
    return { ok: false, kind: kindOf(res.status, reason), detail: error, ...(retryAfterS > 0 ? { retryAfterS } : {}) };
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, kind: 'server', detail: 'unexpected answer' };
}

const base = (room: RoomName) => `/api/rooms/${encodeURIComponent(room)}`;

export async function listSnapshots(room: RoomName, token: string | null, fetchImpl?: typeof fetch): Promise<ApiResult<SnapshotInfo[]>> {
  const r = await callApi(z.object({ snapshots: z.array(snapshotSchema) }), 'GET', `${base(room)}/snapshots`, token, undefined, fetchImpl);
  return r.ok ? { ok: true, value: r.value.snapshots } : r;
}

export function createSnapshot(room: RoomName, name: string, token: string | null, fetchImpl?: typeof fetch): Promise<ApiResult<z.infer<typeof savedSchema>>> {
  return callApi(savedSchema, 'POST', `${base(room)}/snapshots`, token, { name }, fetchImpl);
}

/** Admins only. */
export function deleteSnapshot(room: RoomName, id: number, token: string | null, fetchImpl?: typeof fetch): Promise<ApiResult<{ deleted: number }>> {
  return callApi(z.object({ deleted: z.number() }), 'DELETE', `${base(room)}/snapshots/${id}`, token, undefined, fetchImpl);
}

export function restoreSnapshot(room: RoomName, id: number, token: string | null, fetchImpl?: typeof fetch): Promise<ApiResult<RestoreResult>> {
  return callApi(restoreSchema, 'POST', `${base(room)}/snapshots/${id}/restore`, token, undefined, fetchImpl);
}

export async function listAudit(room: RoomName, token: string | null, limit = 100, fetchImpl?: typeof fetch): Promise<ApiResult<AuditRow[]>> {
  const r = await callApi(z.object({ entries: z.array(auditSchema) }), 'GET', `${base(room)}/audit?limit=${limit}`, token, undefined, fetchImpl);
  return r.ok ? { ok: true, value: r.value.entries } : r;
}
