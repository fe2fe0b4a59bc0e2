
import { isStaff } from './api/session.ts';
import { forgetToken } from './auth/token.ts';
import { LiveFeatures, type Projector } from './data/liveFeatures.ts';
import { LAYER_MODULES } from './map/layers/index.ts';
import type { DrawnLayer } from './map/layers/types.ts';
import { SyncStore } from './sync/syncStore.ts';

/**
 * Everything that lives outside React for one page: the connections and the merged feature
 * view. Created once in main.tsx and handed to the component tree.
 */
export type Runtime = {
  sync: SyncStore;
  features: LiveFeatures<DrawnLayer>;
  destroy(): void;
};

export function projectors(): Record<DrawnLayer, Projector> {
  const out = {} as Record<DrawnLayer, Projector>;
  for (const [layer, module] of Object.entries(LAYER_MODULES) as Array<[DrawnLayer, (typeof LAYER_MODULES)[DrawnLayer]]>) {
    out[layer] = module.properties;
  }
  return out;
}

export function createRuntime(token: string | null): Runtime {
  const features = new LiveFeatures<DrawnLayer>(projectors());
  const sync = new SyncStore({
    token,
    onTokenRejected: () => forgetToken(),
    onRoomOpened: (room, doc, session) => {
      features.setShowPrivate(isStaff(session));
      features.attach(room, doc);
    },
    onRoomClosed: (room) => features.detach(room),
  });
  void sync.start();
  return {
    sync,
    features,
    destroy: () => sync.destroy(),
  };
}

