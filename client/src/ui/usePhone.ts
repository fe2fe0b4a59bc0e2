import { useSyncExternalStore } from 'react';

/**
 * Where the staff page takes its phone layout (a one-row header with a ⋯ menu, the drawing tools'
 * 新增 ▾): the same width as the CSS's `@media (max-width: 760px)` blocks, which place the panel
 * under the map. Decided in React, not CSS alone, because the controls move into menus.
 */
export const PHONE_QUERY = '(max-width: 760px)';

function media(): MediaQueryList | null {
  return typeof matchMedia === 'function' ? matchMedia(PHONE_QUERY) : null;
}

export function isPhone(): boolean {
  return media()?.matches ?? false;
}

function subscribe(onChange: () => void): () => void {
  const list = media();
  list?.addEventListener('change', onChange);
  return () => list?.removeEventListener('change', onChange);
}

/** Whether the window is phone-sized now; re-renders when it turns or is resized across the line. */
export function usePhone(): boolean {
  return useSyncExternalStore(subscribe, isPhone, () => false);
}
