import { useStrings } from '../../i18n/i18n.ts';
import { useSync } from '../../sync/useSync.ts';
import type { Workspace } from '../workspace.ts';
import { PublicMapQr } from '../share/QrDownload.tsx';
import { BasemapSettings } from './BasemapSettings.tsx';
import { ScreenPeriodSettings } from './ScreenPeriodSettings.tsx';
import { settingsStrings } from './strings.ts';
import './settings.css';

/**
 * 设置: zone-wide settings, for admins (the tab is not offered to anyone else, and the server
 * refuses them anyway): the basemap, the big screen's reporting year, the public link's QR codes.
 */
export function SettingsPanel({ ws }: { ws: Workspace }) {
  const s = useStrings(settingsStrings);
  const { session } = useSync(ws.runtime.sync);
  if (session?.role !== 'admin') return <p className="ws-muted">{s.adminOnly}</p>;
  return (
    <div className="settings" data-testid="settings">
      <BasemapSettings token={ws.token} />
      <ScreenPeriodSettings ws={ws} />
      <PublicMapQr token={ws.token} />
    </div>
  );
}
