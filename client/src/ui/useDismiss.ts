import { useEffect, type RefObject } from 'react';

/**
 * Closing an open popup (the header's ⋯ menu, the drawing tools' 新增 ▾): Escape closes it and, when
 * the focus was inside, hands it back to the button that opened it; a press anywhere outside
 * `root` closes it too. Escape is taken in the capture phase and stopped there, so it closes only
 * the popup, not also the tool, the form or the selection (the workspace's own Escape).
 */
export function useDismiss(open: boolean, root: RefObject<HTMLElement | null>, button: RefObject<HTMLElement | null>, close: () => void): void {
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.stopPropagation();
      const inside = !!root.current?.contains(document.activeElement);
      close();
      if (inside) button.current?.focus();
    };
    const onPress = (e: PointerEvent) => {
      if (e.target instanceof Node && root.current?.contains(e.target)) return;
      close();
    };
    window.addEventListener('keydown', onKey, true);
    window.addEventListener('pointerdown', onPress, true);
    return () => {
      window.removeEventListener('keydown', onKey, true);
      window.removeEventListener('pointerdown', onPress, true);
    };
  }, [open, root, button, close]);
}
