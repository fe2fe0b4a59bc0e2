import { PUBLIC_PAGE_IDS } from '../../../model/publicPage.ts';
import { isLinkLayer, type LinkTarget } from './deepLink.ts';

/**
 * The server's first view of `/public` (server/public/firstView.ts): the list of places and the
 * zone sketch as plain HTML in the page, shown before any script has run. It stays, over the
 * live page, until the live view has something to show, then it is removed for good.
 */
const ID = PUBLIC_PAGE_IDS.firstView;

export function removeFirstView(): void {
  document.getElementById(ID)?.remove();
}

/**
 * A tap on a place in the first view opens its card in place (once the live doc has it) instead
 * of following the plain link, which is there for browsers without JavaScript.
 */
export function onFirstViewOpen(open: (target: LinkTarget) => void): () => void {
  const root = document.getElementById(ID);
  if (!root) return () => undefined;
  const onClick = (e: MouseEvent) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = (e.target as Element | null)?.closest?.('a[data-id]');
    const layer = a?.getAttribute('data-layer') ?? '';
    const id = a?.getAttribute('data-id');
    if (!id || !isLinkLayer(layer)) return;
    e.preventDefault();
    open({ layer, id });
  };
  root.addEventListener('click', onClick);
  return () => root.removeEventListener('click', onClick);
}
