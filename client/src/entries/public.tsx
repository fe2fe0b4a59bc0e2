import '../public/public.css';

/**
 * The public map (public.html, `/public`, `/public?embed=1`). Its own small bundle: no staff UI,
 * no charts, no zod, no MapLibre. What a visitor can use first — the list of places and a sketch
 * of the zone — comes in the HTML itself (server/public/firstView.ts), with the public doc's state,
 * which this page starts from. The map code (most of the bytes, and a second of a phone's main
 * thread) is asked for only after the list and cards answer taps (public/mapWanted.ts), and
 * replaces the sketch when it has painted.
 *
 * This entry holds only the page's styles (inlined into the HTML by the server) and waits until
 * the browser has painted the first view before it loads and runs the rest (public/startPage.tsx):
 * with its scripts at hand, a browser would otherwise evaluate them all before it first shows the
 * list (or, for a `?venue=` link, the venue's card) that is already there, and on a slow link they
 * would share it with the HTML. Not preloaded, for the same reason.
 */
await firstContentfulPaint();
await import('../public/startPage.tsx');

/**
 * Resolves once the browser has put the page's first content on the screen (Paint Timing's
 * `first-contentful-paint`), or after 3 s where that never comes (a tab opened in the background
 * paints nothing until it is shown) or cannot be observed.
 */
function firstContentfulPaint(): Promise<void> {
  return new Promise((resolve) => {
    let observer: PerformanceObserver | null = null;
    const done = () => {
      observer?.disconnect();
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(done, 3000);
    try {
      observer = new PerformanceObserver((list) => {
        if (list.getEntriesByName('first-contentful-paint').length > 0) done();
      });
      observer.observe({ type: 'paint', buffered: true });
    } catch {
      // No Paint Timing here: the timer decides.
    }
  });
}
