import { useEffect, useState } from 'react';

/**
 * When the public page loads its map. MapLibre is most of the page's bytes, and creating the map
 * (compiling its shaders, setting up WebGL, placing labels) holds a phone's main thread for a
 * second or more: done with the page, it made a resident's first taps wait (issue #15). The list
 * and the cards need none of it, so the map comes after them:
 * - on a wide screen, where the map is the page's main view, in the first idle moment after the
 *   page has loaded;
 * - on a phone, where the list fills the first view and a sketch of the zone stands in for the map
 *   above it, once the visitor first does something (a tap, a key, a scroll or a wheel turn: the
 *   map is wanted from then on) — after that input's own work has been painted, so the card it
 *   opened shows first — or once the loaded page has been quiet for QUIET_MS: no task has held
 *   its main thread for more than 50 ms, Time to Interactive's own test of a page that answers.
 */
export const QUIET_MS = 5000;
/** A task longer than this keeps a page from answering at once (the web's "long task"). */
const LONG_TASK_MS = 50;
/** Windows at least this wide show the map beside the panel (public.css, PublicApp's WIDE). */
export const WIDE = 900;

const INPUTS = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

type Idle = (run: () => void, timeoutMs: number) => void;

/** requestIdleCallback where there is one (not in Safari): a short timer elsewhere. */
const whenIdle: Idle = (run, timeoutMs) => {
  if (typeof window.requestIdleCallback === 'function') window.requestIdleCallback(() => run(), { timeout: timeoutMs });
  else setTimeout(run, 50);
};

/** After the frame being prepared has been painted (an input's result), then when idle. */
function afterPaint(run: () => void): void {
  requestAnimationFrame(() => setTimeout(() => whenIdle(run, 1000), 0));
}

/**
 * Calls `run` once the main thread has had no long task for `ms`, counted from now, then when
 * idle; returns a cancel. Long tasks are seen through PerformanceObserver where the browser
 * reports them (Chromium); elsewhere this is a plain wait of `ms`.
 */
function whenQuiet(ms: number, run: () => void): () => void {
  let last = performance.now();
  let observer: PerformanceObserver | null = null;
  try {
    observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (e.duration > LONG_TASK_MS) last = Math.max(last, e.startTime + e.duration);
    });
    observer.observe({ type: 'longtask' });
  } catch {
    observer = null;
  }
  let timer: ReturnType<typeof setTimeout> | null = null;
  const check = () => {
    const wait = last + ms - performance.now();
    if (wait > 0) {
      timer = setTimeout(check, wait);
      return;
    }
    observer?.disconnect();
    whenIdle(run, 2000);
  };
  timer = setTimeout(check, ms);
  return () => {
    observer?.disconnect();
    if (timer !== null) clearTimeout(timer);
  };
}

/** Calls `want` once, when the map should start loading (see above); returns a cancel. */
export function whenMapWanted(want: () => void, win: Window = window): () => void {
  let done = false;
  let quiet: (() => void) | null = null;
  const fire = () => {
    if (done) return;
    done = true;
    cleanup();
    want();
  };
  const onInput = () => {
    cleanup();
    afterPaint(fire);
  };
  const onLoad = () => {
    if (win.innerWidth >= WIDE) whenIdle(fire, 2000);
    else quiet = whenQuiet(QUIET_MS, fire);
  };
  function cleanup() {
    for (const type of INPUTS) win.removeEventListener(type, onInput, true);
    win.removeEventListener('load', onLoad);
    quiet?.();
    quiet = null;
  }
  for (const type of INPUTS) win.addEventListener(type, onInput, { capture: true, passive: true });
  if (win.document.readyState === 'complete') onLoad();
  else win.addEventListener('load', onLoad, { once: true });
  return () => {
    done = true;
    cleanup();
  };
}

/** Whether the page wants its map yet; turns true once and stays so. */
export function useMapWanted(): boolean {
  const [wanted, setWanted] = useState(false);
  useEffect(() => whenMapWanted(() => setWanted(true)), []);
  return wanted;
}
