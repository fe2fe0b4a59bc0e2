import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// The UI's own text uses the same self-hosted font as the map labels: no system CJK font needed.
import '@fontsource/noto-sans-sc/400.css';
import '../styles.css';
import { App } from '../App.tsx';
import { takeToken } from '../auth/token.ts';
import { installTestHooks } from '../testHooks.ts';
import { createWorkspace } from '../workspace/workspace.ts';

/** The staff workspace (index.html): the token's rooms, or the public room for a visitor without one. */
const workspace = createWorkspace(takeToken());
installTestHooks('staff', workspace.runtime);

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');
createRoot(root).render(
  <StrictMode>
    <App ws={workspace} />
  </StrictMode>,
);
