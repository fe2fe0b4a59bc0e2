import type { ReactNode } from 'react';
import type { SyncSnapshot } from '../sync/syncStore.ts';
import { useStrings } from '../i18n/i18n.ts';
import { ConnectionPill } from './ConnectionPill.tsx';
import { OverflowMenu } from './OverflowMenu.tsx';
import { chromeStrings } from './strings.ts';
import { sessionLabel } from './labels.ts';
import { RoomStatusList } from './RoomStatusList.tsx';

/**
 * `children`: the page's own actions, shown before the room pills (the staff map's 投屏演示).
 * `compact` (a phone): one row — the title, the connection in one pill, `children`, and a ⋯ menu
 * that holds who is signed in, `menu` (what the wide header shows inline) and each room's pill.
 */
export function Header({ sync, children, compact = false, menu }: { sync: SyncSnapshot; children?: ReactNode; compact?: boolean; menu?: ReactNode }) {
  const zh = useStrings(chromeStrings);
  const session = (
    <div className="header__session" data-testid="session">
      {sync.session ? sessionLabel(sync.session, zh) : zh.session.loading}
    </div>
  );
  return (
    <header className={`header${compact ? ' header--compact' : ''}`}>
      <div className="header__brand">
        <h1 className="header__title">{zh.appTitle}</h1>
        {!compact && <span className="header__subtitle">{zh.appSubtitle}</span>}
      </div>
      {compact ? <ConnectionPill rooms={sync.rooms} /> : session}
      {children}
      {compact ? (
        <OverflowMenu label={zh.menu} testId="header-menu">
          {session}
          {menu}
          <RoomStatusList rooms={sync.rooms} />
        </OverflowMenu>
      ) : (
        <RoomStatusList rooms={sync.rooms} />
      )}
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
