import { useSyncExternalStore } from 'react';
import { basemapStore } from '../../api/basemap.ts';
import { defineStrings, useStrings } from '../../i18n/i18n.ts';
import './mapNotice.css';

const strings = defineStrings(
  'basemapNotice',
  { text: '底图已更换，刷新页面后显示', reload: '刷新页面' },
  { text: 'The basemap was changed: reload the page to show it', reload: 'Reload' },
);

/**
 * The staff map's answer to a basemap its page's security policy blocks (a host the policy, written
 * when the page loaded, does not name; see api/basemap.ts). The big screen and the public map
 * reload by themselves; here a reload would drop an open form or a drawing, so staff choose when.
 * Our layers keep working meanwhile, with no ground under them.
 */
export function BasemapNotice() {
  const s = useStrings(strings);
  const { blocked } = useSyncExternalStore(basemapStore.subscribe, basemapStore.getSnapshot);
  if (!blocked) return null;
  return (
    <div className="map-notice map-notice--basemap" role="status" data-testid="basemap-notice" data-map-overlay="">
      <span>{s.text}</span>
      <button type="button" className="btn" onClick={() => window.location.reload()} data-testid="basemap-reload">
        {s.reload}
      </button>
    </div>
  );
}
