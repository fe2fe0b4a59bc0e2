import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../public/public.css';
import { PUBLIC_SESSION } from '../api/session.ts';
import { dropToken } from '../auth/token.ts';
import { registerUiFont } from '../map/fonts.ts';
import { isEmbed, readTarget } from '../public/deepLink.ts';
import { PublicApp } from '../public/PublicApp.tsx';
import { createRuntime } from '../runtime.ts';
import { installTestHooks } from '../testHooks.ts';

/**
 * The public map (public.html, `/public`, `/public?embed=1`). Its own small bundle: no staff UI,
 * no charts. The map code is requested at once, in parallel with the first render, because on a
 * slow phone link it is most of the wait.
 */
void import('../map/controller.ts');
registerUiFont();
dropToken();

const runtime = createRuntime({ token: null, fetchSession: async () => PUBLIC_SESSION });
installTestHooks('public', runtime);

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from public.html');
createRoot(root).render(
  <StrictMode>
    <PublicApp runtime={runtime} embed={isEmbed(window.location.search)} initialTarget={readTarget(window.location.search)} />
  </StrictMode>,
);
