import { StrictMode, startTransition } from 'react';
import { createRoot } from 'react-dom/client';
import { PUBLIC_SESSION } from '../api/publicSession.ts';
import { dropToken } from '../auth/token.ts';
import { publicRecords } from '../data/recordReader.ts';
import { isEmbed, readTarget } from './deepLink.ts';
import { onMapPainted } from '../map/firstPaint.ts';
import { PublicApp } from './PublicApp.tsx';
import { seededProviders, takeSeed } from './seed.ts';
import { publicWords } from './words.ts';
import { chosenLanguage } from '../i18n/pageWords.ts';
import { createRuntime } from '../runtime.ts';
import { installTestHooks } from '../testHooks.ts';

/**
 * The public page's start, imported by its entry (entries/public.tsx) once the server's first view
 * has been painted: the runtime (started from the doc state in the HTML), the test hooks, the page.
 */
// The UI font is the map's label font: registered once the map has drawn, it reuses the subsets
// the labels already fetched instead of competing with the map for a slow link (system font until then).
onMapPainted(() => void import('../map/fonts.ts').then((m) => m.registerUiFont()));
dropToken();

// The work is cut into tasks a phone's main thread gets through between two taps: these modules
// (evaluated above), the doc, its records, then the page (below).
await nextTask();

// The server wrote the public doc's state into the page: start from it, sync only what changed since.
const runtime = createRuntime({ token: null, reader: publicRecords, fetchSession: async () => PUBLIC_SESSION, providerFactory: seededProviders(takeSeed()) });
installTestHooks('public', runtime);

// The records: the room opened meanwhile; read now rather than on the next frame, so that the first
// render already lists the places (or shows a deep link's card) and no second render follows. Then
// the page, rendered as a transition: React yields every few milliseconds while it builds it.
await nextTask();
runtime.features.flush();
await nextTask();

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from public.html');
const render = () =>
  startTransition(() =>
    createRoot(root).render(
      <StrictMode>
        <PublicApp runtime={runtime} embed={isEmbed(window.location.search)} initialTarget={readTarget(window.location.search)} />
      </StrictMode>,
    ),
  );
// English (?lang=en, or chosen before) waits for its small catalogue chunk; Chinese renders at once.
if (chosenLanguage(window.location.search) === 'en') void publicWords.set('en').then(render, render);
else render();

function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
