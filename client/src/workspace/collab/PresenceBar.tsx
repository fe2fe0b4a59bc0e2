import { useId, useSyncExternalStore } from 'react';
import { useStrings } from '../../i18n/i18n.ts';
import { groupByUser, type Peer, type PeerUser } from '../../sync/peers.ts';
import { useSync } from '../../sync/useSync.ts';
import { streetName } from '../../ui/labels.ts';
import { useUi } from '../useUi.ts';
import type { Workspace } from '../workspace.ts';
import { ConnectionBanner } from './ConnectionBanner.tsx';
import { isSelf } from './identity.ts';
import { peersOf } from './peersStore.ts';
import { collabStrings } from './strings.ts';
import './collab.css';

/**
 * The header's view of colleagues: an avatar per user online (their tabs are one person), their
 * name, role and street on hover or focus, "跟随" to follow their map, the "正在跟随" chip while
 * following, and the connection banner when offline or still sending local changes. `compact`
 * (the phone's ⋯ menu): the avatars alone; the page shows the chip and the banner over the map,
 * where they are seen without opening the menu.
 */
export function PresenceBar({ ws, compact = false }: { ws: Workspace; compact?: boolean }) {
  const store = peersOf(ws.runtime.sync);
  const peers = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const sync = useSync(ws.runtime.sync);
  const s = useStrings(collabStrings);

  const others = groupByUser(peers).filter((g) => !isSelf(g.user, sync.session));

  return (
    <div className="presence" data-testid="presence-bar">
      {others.length === 0 ? (
        <span className="presence__none ws-muted">{s.nobody}</span>
      ) : (
        <ul className="presence__list" aria-label={s.online}>
          {others.map((g) => (
            <Avatar key={g.user.id} user={g.user} tabs={g.tabs} onFollow={(clientId) => ws.ui.set({ following: clientId })} />
          ))}
        </ul>
      )}
      {!compact && <FollowChip ws={ws} />}
      {!compact && <ConnectionBanner rooms={sync.rooms} />}
    </div>
  );
}

/** "正在跟随 …" with 停止跟随, while this tab follows a colleague's map; nothing otherwise. */
export function FollowChip({ ws }: { ws: Workspace }) {
  const store = peersOf(ws.runtime.sync);
  const peers = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const { following } = useUi(ws.ui);
  const s = useStrings(collabStrings);
  const followed = following === null ? null : peers.find((p) => p.clientId === following) ?? null;
  if (!followed) return null;
  return (
    <div className="presence__chip" role="status" data-testid="follow-chip" style={{ borderColor: followed.user.color }}>
      <span>{s.following(followed.user.name)}</span>
      <span aria-hidden="true"> · </span>
      <button type="button" className="btn btn--ghost presence__stop" title={s.stopHint} onClick={() => ws.ui.set({ following: null })} data-testid="follow-stop">
        {s.stop}
      </button>
    </div>
  );
}

function Avatar({ user, tabs, onFollow }: { user: PeerUser; tabs: Peer[]; onFollow: (clientId: number) => void }) {
  const s = useStrings(collabStrings);
  const cardId = useId();
  // Follow the tab that last told us where it looks (any of theirs with a view).
  const target = tabs.find((t) => t.view) ?? tabs[0]!;
  const street = user.street ? streetName(user.street) ?? user.street : s.zone;
  return (
    <li
      className="presence__item"
      data-testid="presence-avatar"
      data-user={user.name}
      data-color={user.color}
      // Escape closes the card: it shows while focus is inside it, so let go of the focus.
      onKeyDown={(e) => {
        if (e.key === 'Escape' && e.target instanceof HTMLElement) e.target.blur();
      }}
    >
      <button type="button" className="presence__avatar" style={{ background: user.color }} aria-describedby={cardId} aria-label={user.name}>
        {Array.from(user.name)[0] ?? '?'}
      </button>
      <div className="presence__card" id={cardId} role="tooltip">
        <strong className="presence__name">{user.name}</strong>
        <span>{s.roles[user.role] ?? user.role} · {street}</span>
        {tabs.length > 1 && <span className="ws-muted">{s.tabs(tabs.length)}</span>}
        <button
          type="button"
          className="btn presence__follow"
          title={s.followHint(user.name)}
          onClick={(e) => {
            onFollow(target.clientId);
            // The card shows while focus is inside it: hand focus to the 停止跟随 chip that now
            // appears (in the header, or over the map on a phone), so the card closes instead of
            // staying open over the toolbar.
            e.currentTarget.blur();
            requestAnimationFrame(() => document.querySelector<HTMLElement>('[data-testid="follow-stop"]')?.focus());
          }}
          data-testid="follow"
        >
          {s.follow}
        </button>
      </div>
    </li>
  );
}
