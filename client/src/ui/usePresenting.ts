import { useCallback, useEffect, useRef, useState } from 'react';
import { DISTRICT_ROOM } from '../../../model/index.ts';
import type { MapController, View } from '../map/controller.ts';
import { publishPresent } from '../sync/presence.ts';
import type { SyncStore } from '../sync/syncStore.ts';

/**
 * 投屏演示 on the staff map: while on, this tab's map view is shared as presence in the
 * `district` room (see sync/presence.ts) and the big screen follows it. Off by default, per tab.
 */
export function usePresenting(sync: SyncStore, controller: MapController | null, districtOpen: boolean) {
  const [presenting, setPresenting] = useState(false);
  const state = useRef({ presenting: false, since: 0 });

  const publish = useCallback(
    (view: View | null) => {
      const awareness = sync.awareness(DISTRICT_ROOM);
      if (!awareness) return;
      publishPresent(awareness, view ? { ...view, since: state.current.since } : null);
    },
    [sync],
  );

  const toggle = useCallback(() => {
    const on = !state.current.presenting;
    state.current = { presenting: on, since: on ? Date.now() : 0 };
    setPresenting(on);
    publish(on && controller ? controller.getView() : null);
  }, [controller, publish]);

  /** Handed to the map once: reports every view change while presenting. */
  const onViewChange = useCallback(
    (view: View) => {
      if (state.current.presenting) publish(view);
    },
    [publish],
  );

  // Leaving the page (or this component) ends the presentation at once, not after a timeout.
  useEffect(() => () => publish(null), [publish]);

  return { presenting, toggle, onViewChange, available: districtOpen && controller !== null };
}
