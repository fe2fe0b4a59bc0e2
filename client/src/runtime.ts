import type * as Y from 'yjs';
import type { Layer, RoomName } from '../../model/index.ts';
import { isStaff, type SessionResult } from './api/publicSession.ts';
import { forgetToken } from './auth/token.ts';
import { LiveFeatures, type Projector } from './data/liveFeatures.ts';
import type { RecordReader } from './data/recordReader.ts';
import { LAYER_MODULES } from './map/layers/index.ts';
import type { DrawnLayer } from './map/layers/types.ts';
import type { ProviderFactory } from './sync/roomConnection.ts';
import { SyncStore, type Persistence } from './sync/syncStore.ts';

/**
 * Everything that lives outside React for one page: the connections and the merged feature
 * view. Created once by the page's entry and handed to the component tree.
 */
export type Runtime<L extends Layer = DrawnLayer> = {
  sync: SyncStore;
  features: LiveFeatures<L>;
  destroy(): void;
};

export function projectors(): Record<DrawnLayer, Projector> {
  const out = {} as Record<DrawnLayer, Projector>;
  for (const [layer, module] of Object.entries(LAYER_MODULES) as Array<[DrawnLayer, (typeof LAYER_MODULES)[DrawnLayer]]>) {
    out[layer] = module.properties;
  }
  return out;
}

export type RuntimeOptions<L extends Layer> = {
  token: string | null;
  /** Layers to keep, with how each is drawn; the map's six by default. */
  projectors?: Record<L, Projector>;
  /**
   * How the rooms' features are read (data/recordReader.ts): `staffRecords` (record.ts, zod) on
   * the staff pages, `publicRecords` on the public map, which loads no zod.
   */
  reader: RecordReader;
  /**
   * The session: `fetchSession` of api/session.ts (GET /api/session, parsed with zod) on the staff
   * pages; the public page knows its one room without asking (api/publicSession.ts).
   */
  fetchSession: (token: string | null) => Promise<SessionResult>;
  /** The rooms' providers (the public page starts its doc from the state in its HTML, public/seed.ts). */
  providerFactory?: ProviderFactory;
  /** Delay before asking for the session again while the server is unreachable. */
  retryDelayMs?: (attempt: number) => number;
  /** Also told when a room's doc opens and closes, after the feature view (the big screen's change feed). */
  onRoomOpened?: (room: RoomName, doc: Y.Doc) => void;
  onRoomClosed?: (room: RoomName) => void;
  /** Keep rooms in the browser too (the staff workspace: IndexedDB, see sync/localStore.ts). */
  persistence?: Persistence;
};

export function createRuntime<L extends Layer = DrawnLayer>(options: RuntimeOptions<L>): Runtime<L> {
  const features = new LiveFeatures<L>(options.projectors ?? (projectors() as Record<L, Projector>), options.reader);
  const sync = new SyncStore({
    token: options.token,
    fetchSession: options.fetchSession,
    ...(options.providerFactory ? { providerFactory: options.providerFactory } : {}),
    ...(options.retryDelayMs ? { retryDelayMs: options.retryDelayMs } : {}),
    ...(options.persistence ? { persistence: options.persistence } : {}),
    onTokenRejected: () => forgetToken(),
    onRoomOpened: (room, doc, session) => {
      features.setShowPrivate(isStaff(session));
      features.attach(room, doc);
      options.onRoomOpened?.(room, doc);
    },
    onRoomClosed: (room) => {
      features.detach(room);
      options.onRoomClosed?.(room);
    },
  });
  void sync.start();
  return {
    sync,
    features,
    destroy: () => sync.destroy(),
  };
}
