import type { Hono } from 'hono';
import { accessTo, AUDIT_EDIT_ACTION, feedItemsOfEdit, readEditDetail, STAFF_ROOMS, type RoomName, type ScreenFeed, type ScreenFeedItem } from '../../model/index.ts';
import type { AppStore } from '../storage/app-store.ts';
import { requireStaff, type TokenKeys } from './session.ts';

type Deps = TokenKeys & { app: AppStore };

/** Lines the wall keeps (client/src/screen/changeFeed.ts) and the most one request may ask for. */
const DEFAULT_LINES = 30;
const MAX_LINES = 100;
/** Audit rows read per room to find that many edits among snapshots, reviews and the like. */
const SCAN_ROWS = 300;

/**
 * `GET /api/screen/feed?limit=30`: the big screen's recent edits from the audit log (model
 * screenFeed.ts), so a reloaded wall shows what happened before it. For any staff token (the
 * wall's is a viewer's; no token, or one that does not verify: 401): the rooms the token may
 * read, edits only, newest first. Built from each entry's feature names and places and its
 * changed field names: never an audit value (before / after), never who made it, and a private
 * field only as `private`, so the answer is the same for every staff role.
 */
export function mountScreenFeed(app: Hono, deps: Deps): void {
  app.get('/api/screen/feed', async (c) => {
    const auth = requireStaff(c, deps);
    if (!auth.ok) return auth.res;
    const asked = Number(c.req.query('limit') ?? DEFAULT_LINES);
    const limit = Number.isInteger(asked) && asked > 0 ? Math.min(asked, MAX_LINES) : DEFAULT_LINES;
    const items: ScreenFeedItem[] = [];
    for (const room of STAFF_ROOMS) {
      if (accessTo(room, auth.principal).canRead) items.push(...(await roomItems(deps.app, room, limit)));
    }
    // Newest first across rooms; within one entry, its own order (a stable sort).
    items.sort((a, b) => b.at - a.at);
    const body: ScreenFeed = { now: Date.now(), items: items.slice(0, limit) };
    return c.json(body);
  });
}

async function roomItems(store: AppStore, room: RoomName, limit: number): Promise<ScreenFeedItem[]> {
  const out: ScreenFeedItem[] = [];
  for (const entry of await store.listAudit(room, SCAN_ROWS)) {
    if (out.length >= limit) break;
    if (entry.action !== AUDIT_EDIT_ACTION) continue;
    let detail: unknown;
    try {
      detail = JSON.parse(entry.detail);
    } catch {
      continue;
    }
    const edit = readEditDetail(detail);
    if (edit) out.push(...feedItemsOfEdit(room, edit, entry.at));
  }
  return out;
}
