import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../styles.css';
import { App } from '../App.tsx';
import { takeToken } from '../auth/token.ts';
import { staffOffline, startStaffOffline } from '../offline/updates.ts';
import { extendTestHooks, installTestHooks } from '../testHooks.ts';
import { loadUiFontAfterMap } from '../ui/uiFont.ts';
import { createWorkspace } from '../workspace/workspace.ts';

/** The staff workspace (index.html): the token's rooms, or the public room for a visitor without one. */
const token = takeToken();
const workspace = createWorkspace(token);
// After one online visit the page opens offline (offline/sw.ts); its edits are in IndexedDB already.
startStaffOffline(token);
installTestHooks('staff', workspace.runtime);
extendTestHooks({
  workspace: {
    save: (input) => {
      const r = workspace.editor.save(input);
      return r.ok ? { ok: true, id: r.id } : { ok: false, errors: r.errors };
    },
    read: (id) => workspace.editor.read(id)?.json ?? null,
    undo: () => workspace.editor.undo(),
    redo: () => workspace.editor.redo(),
    selection: () => workspace.ui.getSnapshot().selection,
    select: (id) => workspace.ui.select(id),
    panel: () => workspace.ui.getSnapshot().panel,
  },
  offline: {
    ready: () => staffOffline.getSnapshot().offlineReady,
    updateReady: () => staffOffline.getSnapshot().updateReady,
  },
});

// The UI's own text uses the same self-hosted font as the map labels (no system CJK font needed),
// asked for once the map has drawn (ui/uiFont.ts).
loadUiFontAfterMap(() => import('@fontsource/noto-sans-sc/400.css'));

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');
createRoot(root).render(
  <StrictMode>
    <App ws={workspace} />
  </StrictMode>,
);
