import * as Y from 'yjs';
import { connectClient, waitFor, type TestClient } from './clients.ts';
import type { TestServer } from './server.ts';

export type ReviewAnswer = { status: number; body: { done?: string[]; refused?: Array<{ id: string; reason: string }>; error?: string } };

/** POST /api/review as the holder of `token`: what a reviewer's 通过 / 退回 / 撤下 button sends. */
export async function review(srv: TestServer, token: string, action: 'approve' | 'return' | 'unpublish', ids: string[], note?: string): Promise<ReviewAnswer> {
  const res = await fetch(`${srv.url}/api/review`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ action, ids, ...(note !== undefined ? { note } : {}) }),
  });
  return { status: res.status, body: (await res.json()) as ReviewAnswer['body'] };
}

/** Approve as an admin (tests whose subject is what happens once a feature is public). */
export async function approveAsAdmin(srv: TestServer, ids: string[]): Promise<void> {
  const answer = await review(srv, await srv.token('admin'), 'approve', ids);
  if (answer.status !== 200 || answer.body.refused?.length) throw new Error(`approval failed: ${JSON.stringify(answer)}`);
}

/**
 * Publish what a writer has written: wait until the server holds the writer's edits (a fresh
 * reader of the room has all of them: the approval is HTTP, the edits WebSocket messages, and
 * the server approves what it holds), then approve those features as an admin.
 */
export async function publish(srv: TestServer, writer: TestClient, ids: string[]): Promise<void> {
  const reader = connectClient(srv.wsUrl, writer.provider.roomname, await srv.token('admin'));
  try {
    await reader.synced;
    const own = writer.doc.clientID;
    const wanted = Y.getState(writer.doc.store, own);
    await waitFor('the server to hold the writer’s edits', () => Y.getState(reader.doc.store, own) >= wanted, [reader.doc]);
  } finally {
    reader.destroy();
  }
  await approveAsAdmin(srv, ids);
}
