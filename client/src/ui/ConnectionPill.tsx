import type { RoomState } from '../sync/roomConnection.ts';
import { useStrings } from '../i18n/i18n.ts';
import { chromeStrings } from './strings.ts';

/** The state that names the pill: the worst any room is in. */
const WORST_FIRST: ReadonlyArray<RoomState['status']> = ['unauthorized', 'forbidden', 'closed', 'offline', 'connecting', 'syncing', 'synced'];

/**
 * A phone header's connection status in one pill: the worst state of any room (the dot's colour,
 * its word) and how many rooms are live — 已连接 6/6, 离线 0/6. Each room's own pill, with the
 * server's reason, is in the ⋯ menu. Before the session answers there are no rooms yet: 连接中.
 */
export function ConnectionPill({ rooms }: { rooms: readonly RoomState[] }) {
  const zh = useStrings(chromeStrings);
  const status = WORST_FIRST.find((s) => rooms.some((r) => r.status === s)) ?? 'connecting';
  const live = rooms.filter((r) => r.status === 'synced').length;
  const denied = rooms.some((r) => r.writeDenied);
  return (
    <div className={`room room--pill room--${status}${denied ? ' room--denied' : ''}`} data-testid="connection-pill" data-status={status} title={denied ? zh.connection.writeDenied : undefined}>
      <span className="room__dot" aria-hidden="true" />
      <span className="room__status">
        <span className="visually-hidden">{zh.connection.title} </span>
        {zh.connection[status]}
        {rooms.length > 0 && ` ${live}/${rooms.length}`}
      </span>
    </div>
  );
}
