import { createContext, useContext, useEffect, useState, type AnimationEvent } from 'react';

/**
 * Whether figures may animate (翻牌): off while the wall fills in for the first time (nothing rolls
 * from 0 to the ledger's figures at start) and under prefers-reduced-motion. ScreenApp provides it.
 */
export const FlipArmed = createContext(false);

/** How long the wall must have been live before figures roll: its first fill-in (0 → the ledger's figures) does not. */
const ARM_AFTER_MS = 1500;

/** True once `ready` (rooms synced, period known) has held for ARM_AFTER_MS, and from then on. */
export function useFlipArmed(ready: boolean): boolean {
  const [armed, setArmed] = useState(false);
  useEffect(() => {
    if (armed || !ready) return;
    const timer = setTimeout(() => setArmed(true), ARM_AFTER_MS);
    return () => clearTimeout(timer);
  }, [ready, armed]);
  return armed;
}

/** A roll lasts 0.6 s (screen.css); after this the figure is plain text again even if no animationend came (a hidden tab). */
const SETTLE_MS = 1000;

/** One character of the new text, and the one it replaces (right-aligned: units under units), if it changed. */
export type FlipChar = { char: string; from: string | null };

/**
 * The characters of `to`, each with the character of `from` it replaces when that differs. The
 * texts are aligned on the right ("12,200+" → "3,000+": the units roll into the units), and a
 * character with nothing above it rolls in from blank.
 */
export function flipChars(from: string, to: string): FlipChar[] {
  const a = [...from];
  const b = [...to];
  const offset = a.length - b.length;
  return b.map((char, i) => {
    const old = a[i + offset] ?? '';
    return { char, from: old === char ? null : old };
  });
}

function reducedMotion(): boolean {
  return typeof window !== 'undefined' && !!window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
}

/**
 * A figure that rolls each changed character when it changes, like a split-flap board: the old
 * character leaves upwards and the new one comes up from below (CSS, ~0.6 s). The element's text is
 * always the new figure (the old characters are drawn by CSS from `data-from`), so what tests and
 * screen readers read is never a mix of the two.
 */
export function FlipText({ text }: { text: string }) {
  const armed = useContext(FlipArmed);
  // The text shown, and the one it rolls from (null: still). Updated while rendering, so the
  // roll starts in the same frame as the new figure.
  const [state, setState] = useState<{ text: string; from: string | null; generation: number }>({ text, from: null, generation: 0 });
  if (state.text !== text) setState({ text, from: armed && !reducedMotion() ? state.text : null, generation: state.generation + 1 });

  const rolling = state.from !== null;
  useEffect(() => {
    if (!rolling) return;
    const timer = setTimeout(() => setState((s) => ({ ...s, from: null })), SETTLE_MS);
    return () => clearTimeout(timer);
  }, [rolling, state.generation]);

  if (state.from === null) return <>{state.text}</>;
  const settle = (e: AnimationEvent) => {
    if (e.animationName === 'flip-in') setState((s) => (s.generation === state.generation ? { ...s, from: null } : s));
  };
  return (
    <span className="flips" onAnimationEnd={settle}>
      {flipChars(state.from, state.text).map((c, i) =>
        c.from === null ? (
          <span key={i}>{c.char}</span>
        ) : (
          // A new key per change: the animation starts again on every change.
          <span key={`${state.generation}-${i}`} className="flip" data-from={c.from}>
            <span className="flip__to">{c.char}</span>
          </span>
        ),
      )}
    </span>
  );
}
