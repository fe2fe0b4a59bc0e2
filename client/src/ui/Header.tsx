import type { ReactNode } from 'react';
import type { SyncSnapshot } from '../sync/syncStore.ts';
import { useStrings } from '../i18n/i18n.ts';
import { chromeStrings } from './strings.ts';
import { sessionLabel } from './labels.ts';
import { RoomStatusList } from './RoomStatusList.tsx';

/** `children`: the page's own actions, shown before the room pills (the staff map's 投屏演示). */
export function Header({ sync, children }: { sync: SyncSnapshot; children?: ReactNode }) {
  const zh = useStrings(chromeStrings);
  return (
    <header className="header">
      <div className="header__brand">
        <h1 className="header__title">{zh.appTitle}</h1>
        <span className="header__subtitle">{zh.appSubtitle}</span>
      </div>
      <div className="header__session" data-testid="session">
        {sync.session ? sessionLabel(sync.session, zh) : zh.session.loading}
      </div>
      {children}
      <RoomStatusList rooms={sync.rooms} />
      {sync.notice && (
        <div className="header__notice" role="status">
          {sync.notice === 'expired' ? zh.session.expired : zh.session.failed}
        </div>
      )}
      {sync.session && sync.session.rooms.length === 0 && (
        // The server lists no room for a visitor when the public link is switched off.
        <div className="header__notice" role="status">
          {zh.session.noRooms}
        </div>
      )}
    </header>
  );
}
