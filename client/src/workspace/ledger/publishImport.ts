import type { ApiErrorKind } from '../history/api.ts';
import { sendReview } from '../review/api.ts';
import { isWaiting, NOT_YET, refusalKind } from '../review/queue.ts';
import type { Workspace } from '../workspace.ts';

/** What 导入后直接发布 did: how many imported features the public map now shows, and why the others are not there. */
export type PublishResult = {
  published: number;
  refused: Array<{ id: string; reason: string }>;
  failure: { kind: ApiErrorKind; detail: string } | null;
};

export type PublishOptions = { attempts?: number; settleMs?: number; pauseMs?: number };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Approve the features an admin has just imported (POST /api/review approve), so they reach the
 * public map without a separate review.
 *
 * The import went out over the rooms' WebSockets and the approval goes over HTTP: the server
 * approves what it holds, and may get the request before it has taken the import (a big update
 * arrives in many packets). So the result is checked where it shows, in this tab's own docs: a
 * feature the server did not know yet ("no such feature"), or approved in its version from before
 * the import (still pending here), is approved again, a few times, until every one is published
 * or refused for a reason that waiting does not change.
 */
export async function publishImported(ws: Workspace, ids: readonly string[], options: PublishOptions = {}): Promise<PublishResult> {
  const { attempts = 4, settleMs = 3_000, pauseMs = 400 } = options;
  const features = ws.runtime.features;
  const status = (id: string) => {
    // The index lags the docs by up to a frame.
    if (features.hasPending()) features.flush();
    return features.details(id)?.record.status;
  };
  // Only what waits: an update of internal fields only leaves a published feature published;
  // needs and private persons are never public.
  let todo = ids.filter((id) => isWaiting(status(id)));
  const refused = new Map<string, string>();
  const report = (failure: PublishResult['failure']): PublishResult => ({
    published: ids.filter((id) => status(id) === 'published').length,
    refused: [...refused].filter(([id]) => status(id) !== 'published').map(([id, reason]) => ({ id, reason })),
    failure,
  });
  for (let attempt = 0; attempt < attempts && todo.length; attempt++) {
    if (attempt > 0) await sleep(pauseMs * attempt);
    await until(() => sent(ws), 10_000);
    const answer = await sendReview('approve', todo, ws.token);
    if (answer.failure) return report(answer.failure);
    // Refused for a reason that waiting does not change (never public, fields failing the checks):
    // final. "No such feature" may be the server not having the import yet: tried again.
    for (const r of answer.refused) refused.set(r.id, r.reason);
    // The approval reaches this tab through the room's review map.
    await until(() => answer.done.every((id) => status(id) === 'published'), settleMs);
    todo = todo.filter((id) => status(id) !== 'published' && (!refused.has(id) || refusalKind(refused.get(id)!) === 'missing'));
  }
  for (const id of todo) if (!refused.has(id)) refused.set(id, NOT_YET);
  return report(null);
}

/** Every room has sent what this tab wrote (synced, nothing pending). */
function sent(ws: Workspace): boolean {
  return ws.runtime.sync.getSnapshot().rooms.every((r) => r.status === 'synced' && !r.pending);
}

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!check() && performance.now() < end) await sleep(100);
}
