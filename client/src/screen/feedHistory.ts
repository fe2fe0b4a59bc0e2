import { screenFeedSchema, type ScreenFeed } from '../../../model/index.ts';

/** Lines asked for: as many as the feed keeps (ChangeFeed's limit). */
const LINES = 30;

/**
 * The wall's recent edits from the audit log (`GET /api/screen/feed`, server/http/screen-feed.ts),
 * with the wall's token. Parsed, not trusted; null when it cannot be had (the feed then starts
 * with what arrives live, as before).
 */
export async function fetchFeedHistory(token: string | null, fetchImpl: typeof fetch = fetch): Promise<ScreenFeed | null> {
  if (!token) return null;
  try {
    const res = await fetchImpl(`/api/screen/feed?limit=${LINES}`, { headers: { Authorization: `Bearer ${token}` }, cache: 'no-store' });
    if (!res.ok) return null;
    const parsed = screenFeedSchema.safeParse(await res.json());
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
