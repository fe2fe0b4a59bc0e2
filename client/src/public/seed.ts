import { fromBase64 } from 'lib0/buffer';
import * as Y from 'yjs';
import { PUBLIC_PAGE_IDS } from '../../../model/publicPage.ts';
import { PUBLIC_ROOM } from '../../../model/rooms.ts';
import { browserProviderFactory, type ProviderFactory } from '../sync/roomConnection.ts';

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
 * Starts the public room's doc from the state the server wrote into the page: the list, the
 * sketch and the map's data are there as soon as the script runs, and the sync step then fetches
 * only what changed since the page was rendered. Nothing is kept in the browser.
 *
 * Applied in the provider factory, before the provider exists: a doc with an `update` listener
 * (the provider's, the connection's) re-encodes every update it applies for them, which for the
 * whole public doc was ~0.1 s of a phone's main thread spent on bytes nobody sends.
 */
export function seededProviders(seed: Uint8Array | null, next: ProviderFactory = browserProviderFactory): ProviderFactory {
  let pending = seed;
  return (room, doc, token) => {
    if (room === PUBLIC_ROOM && pending) {
      const update = pending;
      pending = null;
      try {
        Y.applyUpdate(doc, update, SEED_ORIGIN);
      } catch {
        // Not a valid update: the sync brings everything.
      }
    }
    return next(room, doc, token);
  };
}
