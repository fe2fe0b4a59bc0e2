import * as Y from 'yjs';
import { featuresOf, PUBLIC_PAGE_IDS } from '../../model/index.ts';
import { applySyncFrames, frames, isPermissionDenied, isStep2, openRaw, type RawSocket } from './raw.ts';

/**
 * A crafted writer: a raw socket with a valid token that speaks y-protocols by hand. It keeps a
 * replica of the room (from the server's sync step 2) to build its updates against, so they
 * reference what the room really holds, as an attacker's would; and it learns the server's
 * verdict on each write from the frames, not from our client's behaviour.
 */
export type CraftedWriter = {
  raw: RawSocket;
  /** The room as the server sent it (never changed by the writer's own edits). */
  replica: Y.Doc;
  /** Build an update against the replica with a fresh client id: what `edit` changes. */
  craft(edit: (doc: Y.Doc) => void): Uint8Array;
  /**
   * Send an update and wait until the server has handled it (a sync step 1 sent after it is
   * answered); `refused` when the server answered it with permission denied.
   */
  write(update: Uint8Array): Promise<{ refused: boolean; reason: string }>;
};

export async function openWriter(wsUrl: string, room: string, token: string): Promise<CraftedWriter> {
  const raw = await openRaw(`${wsUrl}/${room}?token=${encodeURIComponent(token)}`);
  raw.send(frames.syncStep1());
  await raw.waitForFrame('the room state', isStep2);
  const replica = new Y.Doc();
  applySyncFrames(replica, raw.frames);
  return {
    raw,
    replica,
    craft(edit) {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(replica));
      const before = Y.encodeStateVector(doc);
      edit(doc);
      const update = Y.encodeStateAsUpdate(doc, before);
      doc.destroy();
      return update;
    },
    async write(update) {
      const seen = raw.frames.length;
      raw.send(frames.update(update));
      raw.send(frames.syncStep1(Y.encodeStateVector(replica)));
      // The step 1 is answered after the update was handled (one socket, handled in order).
      await raw.waitForFrame('the answer after the write', (f) => raw.frames.indexOf(f) >= seen && isStep2(f), 30_000);
      const denied = raw.frames.slice(seen).find(isPermissionDenied);
      return { refused: denied !== undefined, reason: denied ? Buffer.from(denied).toString('utf8') : '' };
    },
  };
}

/** Every byte an anonymous visitor gets: the public room over the socket, /public and a deep link. */
export async function anonymousBytes(url: string, wsUrl: string, deepLinkId?: string): Promise<Buffer> {
  const sock = await openRaw(`${wsUrl}/public`);
  sock.send(frames.syncStep1());
  await sock.waitForFrame('the public room', isStep2);
  sock.ws.close();
  const pages = [await (await fetch(`${url}/public`)).text()];
  if (deepLinkId) pages.push(await (await fetch(`${url}/public?venue=${encodeURIComponent(deepLinkId)}`)).text());
  const states = pages.map((html) => {
    const m = new RegExp(`<script type="application/json" id="${PUBLIC_PAGE_IDS.stateBlock}">("[A-Za-z0-9+/=]*")</script>`).exec(html);
    return m ? Buffer.from(JSON.parse(m[1]!) as string, 'base64') : Buffer.alloc(0);
  });
  return Buffer.concat([...sock.frames, ...pages.map((p) => Buffer.from(p)), ...states]);
}

/** The public room's features as an anonymous visitor syncs them. */
export async function publicFeatures(wsUrl: string): Promise<Map<string, Record<string, unknown>>> {
  const sock = await openRaw(`${wsUrl}/public`);
  sock.send(frames.syncStep1());
  await sock.waitForFrame('the public room', isStep2);
  sock.ws.close();
  const doc = new Y.Doc();
  applySyncFrames(doc, sock.frames);
  const out = new Map<string, Record<string, unknown>>();
  featuresOf(doc).forEach((entry, id) => out.set(id, entry.toJSON() as Record<string, unknown>));
  return out;
}
