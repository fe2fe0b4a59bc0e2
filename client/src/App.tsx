import { useCallback, useState } from 'react';
import { DISTRICT_ROOM } from '../../model/index.ts';
import { isStaff } from './api/session.ts';
import { useFeatures } from './data/useFeatures.ts';
import type { MapController, Selection } from './map/controller.ts';
import { ALL_ON, DRAWN_LAYERS, type DrawnLayer, type ToggleId } from './map/layers/types.ts';
import type { Runtime } from './runtime.ts';
import { useSync } from './sync/useSync.ts';
import { setMapController } from './testHooks.ts';
import { FeaturePanel } from './ui/FeaturePanel.tsx';
import { Header } from './ui/Header.tsx';
import { Legend } from './ui/Legend.tsx';
import { MapView } from './ui/MapView.tsx';
import { PresentButton } from './ui/PresentButton.tsx';
import { usePresenting } from './ui/usePresenting.ts';

/** The staff map (`/`): every room the token may read, the panel with private fields, 投屏演示. */
export function App({ runtime }: { runtime: Runtime }) {
  const sync = useSync(runtime.sync);
  const data = useFeatures(runtime.features);
  // Layer visibility is this tab's view of the map: session state, never written to a Y.Doc.
  const [toggles, setToggles] = useState(ALL_ON);
  const [selection, setSelection] = useState<Selection | null>(null);
  const [controller, setController] = useState<MapController | null>(null);
  const districtOpen = sync.rooms.some((r) => r.room === DISTRICT_ROOM);
  const presenting = usePresenting(runtime.sync, controller, districtOpen);

  const onToggle = useCallback((toggle: ToggleId, on: boolean) => setToggles((t) => ({ ...t, [toggle]: on })), []);
  const onController = useCallback((c: MapController | null) => {
    setMapController(c);
    setController(c);
  }, []);

  const counts = {} as Record<DrawnLayer, number>;
  for (const layer of DRAWN_LAYERS) counts[layer] = data.layers[layer].count;
  // Re-read on every data change, so the panel follows remote edits and closes on delete.
  const details = selection ? runtime.features.details(selection.id) : null;

  return (
    <div className="app">
      <Header sync={sync}>
        {isStaff(sync.session) && <PresentButton presenting={presenting.presenting} available={presenting.available} onToggle={presenting.toggle} />}
      </Header>
      <main className="app__main">
        <MapView data={data} toggles={toggles} onSelect={setSelection} onController={onController} options={{ onViewChange: presenting.onViewChange }} />
        <Legend toggles={toggles} counts={counts} onToggle={onToggle} />
        <FeaturePanel details={details} nameOf={(id) => runtime.features.nameOf(id)} onClose={() => setSelection(null)} />
      </main>
    </div>
  );
}
