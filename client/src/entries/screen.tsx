import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// Two weights on the wall: regular text and bold figures, both from files we serve.
import '@fontsource/noto-sans-sc/500.css';
import '@fontsource/noto-sans-sc/700.css';
import '../screen/screen.css';
import { takeToken } from '../auth/token.ts';
import { tourDwellMs } from '../screen/params.ts';
import { ScreenApp } from '../screen/ScreenApp.tsx';
import { createScreenRuntime } from '../screen/screenRuntime.ts';
import { screenPeriodStore } from '../screen/periodSetting.ts';
import { screenWords } from '../screen/words.ts';
import { chosenLanguage } from '../i18n/pageWords.ts';
import { installTestHooks } from '../testHooks.ts';

/** The big screen (screen.html, `/screen?token=<viewer token>`). */
const token = takeToken();
const runtime = createScreenRuntime(token);
// The period an admin chose for the wall (设置 › 大屏), asked with the same token.
const period = screenPeriodStore(token);
installTestHooks('screen', runtime);

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from screen.html');
const render = () =>
  createRoot(root).render(
    <StrictMode>
      <ScreenApp runtime={runtime} period={period} dwellMs={tourDwellMs(window.location.search)} />
    </StrictMode>,
  );
// `?lang=en` on the wall's link (it has no mouse), or the choice made before: English waits for its chunk.
if (chosenLanguage(window.location.search) === 'en') void screenWords.set('en').then(render, render);
else render();
