import { useSyncExternalStore } from 'react';
import { defineStrings, useStrings } from '../../i18n/i18n.ts';
import { staffOffline } from '../../offline/updates.ts';
import './mapNotice.css';

const strings = defineStrings(
  'updatePrompt',
  { text: '新版本可用', reload: '刷新' },
  { text: 'A new version is available', reload: 'Reload' },
);

/**
 * A newer build of the staff page is waiting (offline/updates.ts). The page never reloads into it
 * by itself — a form being filled in or a boundary being drawn would be lost — so it says so, and
 * the user reloads when they are ready. What was saved is kept either way (Yjs and IndexedDB).
 */
export function UpdatePrompt() {
  const s = useStrings(strings);
  const { updateReady } = useSyncExternalStore(staffOffline.subscribe, staffOffline.getSnapshot);
  if (!updateReady) return null;
  return (
    <div className="map-notice map-notice--update" role="status" data-testid="update-prompt" data-map-overlay="">
      <span>{s.text}</span>
      <button type="button" className="btn" onClick={() => staffOffline.applyUpdate()} data-testid="update-reload">
        {s.reload}
      </button>
    </div>
  );
}
