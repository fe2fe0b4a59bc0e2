import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../public/public.css';
import { PUBLIC_SESSION } from '../api/publicSession.ts';
import { dropToken } from '../auth/token.ts';
import { isEmbed, readTarget } from '../public/deepLink.ts';
import { onMapPainted } from '../public/mapPainted.ts';
import { PublicApp } from '../public/PublicApp.tsx';
import { seedPersistence, takeSeed } from '../public/seed.ts';
import { publicWords } from '../public/words.ts';
import { chosenLanguage } from '../i18n/pageWords.ts';
import { createRuntime } from '../runtime.ts';
import { installTestHooks } from '../testHooks.ts';

/**
 * The public map (public.html, `/public`, `/public?embed=1`). Its own small bundle: no staff UI,
 * no charts, no MapLibre. What a visitor can use first — the list of places and a sketch of the
 * zone — comes in the HTML itself (server/public/firstView.ts), with the public doc's state, which
 * this page starts from; the map code (most of the bytes) is requested at once and replaces the
 * sketch when it has painted.
 */
void import('../map/controller.ts');
// The UI font is the map's label font: registered once the map has drawn, it reuses the subsets
// the labels already fetched instead of competing with the map for a slow link (system font until then).
onMapPainted(() => void import('../map/fonts.ts').then((m) => m.registerUiFont()));
dropToken();

// The server wrote the public doc's state into the page: start from it, sync only what changed since.
const runtime = createRuntime({ token: null, fetchSession: async () => PUBLIC_SESSION, persistence: seedPersistence(takeSeed()) });
installTestHooks('public', runtime);

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from public.html');
const render = () =>
  createRoot(root).render(
    <StrictMode>
      <PublicApp runtime={runtime} embed={isEmbed(window.location.search)} initialTarget={readTarget(window.location.search)} />
    </StrictMode>,
  );
// English (?lang=en, or chosen before) waits for its small catalogue chunk; Chinese renders at once.
if (chosenLanguage(window.location.search) === 'en') void publicWords.set('en').then(render, render);
else render();
