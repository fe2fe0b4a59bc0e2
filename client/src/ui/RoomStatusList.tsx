import type { RoomState } from '../sync/roomConnection.ts';
import { useStrings } from '../i18n/i18n.ts';
import { chromeStrings } from './strings.ts';
import { roomLabel } from './labels.ts';

/** One pill per room: where each part of the map comes from, and whether it is live. */
export function RoomStatusList({ rooms }: { rooms: readonly RoomState[] }) {
  const zh = useStrings(chromeStrings);
  const live = rooms.filter((r) => r.status === 'synced').length;
  return (
    <ul className="rooms" aria-label={zh.connection.title}>
      {/* On a phone the live rooms fold into this one pill; a room that is not live still shows on its own. */}
      {rooms.length > 0 && (
        <li className={`room room--summary room--${live === rooms.length ? 'synced' : 'offline'}`} data-testid="rooms-summary">
          <span className="room__dot" aria-hidden="true" />
          <span className="room__status">
            {zh.connection.synced} {live}/{rooms.length}
          </span>
        </li>
      )}
      {rooms.map((r) => (
        <li
          key={r.room}
          className={`room room--${r.status}`}
          data-room={r.room}
          data-status={r.status}
          title={[r.reason, r.writeDenied && `${zh.connection.writeDenied}：${r.writeDenied}`].filter(Boolean).join('\n') || undefined}
        >
          <span className="room__dot" aria-hidden="true" />
          <span className="room__name">{roomLabel(r.room, zh)}</span>
          <span className="room__status">{zh.connection[r.status]}</span>
          {r.writeDenied && <span className="room__warn">{zh.connection.writeDenied}</span>}
        </li>
      ))}
    </ul>
  );
}
