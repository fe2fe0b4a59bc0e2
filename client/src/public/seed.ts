import { fromBase64 } from 'lib0/buffer';
import * as Y from 'yjs';
import { PUBLIC_PAGE_IDS, PUBLIC_ROOM } from '../../../model/index.ts';
import type { Persistence } from '../sync/syncStore.ts';

/** Marks the seed's own update, so nothing mistakes it for an edit. */
export const SEED_ORIGIN = Symbol('public-seed');

/** The public doc's state from the page's data block (a Yjs update), once; null when there is none. */
export function takeSeed(): Uint8Array | null {
  const block = document.getElementById(PUBLIC_PAGE_IDS.stateBlock);
  if (!block) return null;
  block.remove(); // read once, and the ~100 KB of text is not kept in the DOM
  try {
    const base64 = JSON.parse(block.textContent ?? '') as unknown;
    return typeof base64 === 'string' ? fromBase64(base64) : null;
  } catch {
    return null; // a damaged block: the sync brings everything, as without one
  }
}

/**
 * Starts the public room's doc from the state the server wrote into the page, before its socket
 * opens (through the sync store's persistence hook, which opens it right after the doc is made):
 * the list, the sketch and the map's data are there as soon as the script runs, and the sync step
 * then fetches only what changed since the page was rendered. Nothing is kept in the browser.
 */
export function seedPersistence(seed: Uint8Array | null): Persistence {
  let pending = seed;
  return {
    keyOf: (_session, grant) => (grant.room === PUBLIC_ROOM && pending ? 'seed' : null),
    open: (_key, doc) => {
      const update = pending;
      pending = null;
      if (update) {
        try {
          Y.applyUpdate(doc, update, SEED_ORIGIN);
        } catch {
          // Not a valid update: the sync brings everything.
        }
      }
      return { whenLoaded: Promise.resolve(), destroy: () => undefined };
    },
  };
}
