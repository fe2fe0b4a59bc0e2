import { useCallback, useEffect, useRef, useState } from 'react';
import { DISTRICT_ROOM } from '../../../model/index.ts';
import type { MapController, View } from '../map/controller.ts';
import { publishPresent } from '../sync/presence.ts';
import type { SyncStore } from '../sync/syncStore.ts';

/**
 * 投屏演示 on the staff map: while on, this tab's map view is shared as presence in the
 * `district` room (see sync/presence.ts) and the big screen follows it. Off by default, per tab.
 * `allowed`: the session says this token may present (an admin or a named presenter); for anyone
 * else nothing is ever published (the server would remove it anyway).
 */
export function usePresenting(sync: SyncStore, controller: MapController | null, districtOpen: boolean, allowed: boolean) {
  const [presenting, setPresenting] = useState(false);
  const state = useRef({ presenting: false, since: 0 });
  // Read by the callbacks through a ref: the map takes onViewChange once, before the session may
  // have answered, so the callbacks must stay the same while `allowed` arrives.
  const may = useRef(allowed);
  useEffect(() => {
    may.current = allowed;
  }, [allowed]);

  const publish = useCallback(
    (view: View | null) => {
      const awareness = sync.awareness(DISTRICT_ROOM);
      if (!awareness || !may.current) return;
      publishPresent(awareness, view ? { ...view, since: state.current.since } : null);
    },
    [sync],
  );

  const toggle = useCallback(() => {
    if (!may.current) return;
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

  return { presenting, toggle, onViewChange, allowed, available: allowed && districtOpen && controller !== null };
}
