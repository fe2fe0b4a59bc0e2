import { useCallback, useEffect, useMemo, useState } from 'react';
import { DISTRICT_ROOM } from '../../model/index.ts';
import { isStaff } from './api/session.ts';
import { firstFrame } from './data/firstFrame.ts';
import { useFeatures } from './data/useFeatures.ts';
import type { MapController, Selection } from './map/controller.ts';
import { ALL_ON, DRAWN_LAYERS, type DrawnLayer, type ToggleId } from './map/layers/types.ts';
import { useSync } from './sync/useSync.ts';
import { setMapController } from './testHooks.ts';
import { Header } from './ui/Header.tsx';
import { Legend } from './ui/Legend.tsx';
import { MapView } from './ui/MapView.tsx';
import { PresentButton } from './ui/PresentButton.tsx';
import { usePresenting } from './ui/usePresenting.ts';
import { ChartsPanel } from './workspace/charts/ChartsPanel.tsx';
import { attachCollab } from './workspace/collab/attachCollab.ts';
import { PresenceBar } from './workspace/collab/PresenceBar.tsx';
import { DetailsPanel } from './workspace/details/DetailsPanel.tsx';
import { attachDrawing } from './workspace/draw/attachDrawing.ts';
import { DrawToolbar } from './workspace/draw/DrawToolbar.tsx';
import { FilterBar } from './workspace/filters/FilterBar.tsx';
import { attachFilterFraming } from './workspace/filters/frameFilter.ts';
import { filterStrings } from './workspace/filters/strings.ts';
import { useFilteredData } from './workspace/filters/useFilteredData.ts';
import { HistoryPanel } from './workspace/history/HistoryPanel.tsx';
import { LedgerPanel } from './workspace/ledger/LedgerPanel.tsx';
import { MatchingPanel } from './workspace/matching/MatchingPanel.tsx';
import { badgeData, showReviewBadges } from './workspace/review/badges.ts';
import { waitingCount } from './workspace/review/queue.ts';
import { ReviewPanel } from './workspace/review/ReviewPanel.tsx';
import { attachMatchingOverlay } from './workspace/matching/overlay.ts';
import { LanguageSwitch } from './workspace/shell/LanguageSwitch.tsx';
import { stringsOf, useStrings } from './i18n/i18n.ts';
import { shellStrings } from './workspace/shell/strings.ts';
import { PanelTabs } from './workspace/shell/PanelTabs.tsx';
import { TablePanel } from './workspace/table/TablePanel.tsx';
import { UndoButtons } from './workspace/shell/UndoButtons.tsx';
import { BasemapNotice } from './workspace/shell/BasemapNotice.tsx';
import { useShortcuts } from './workspace/shell/useShortcuts.ts';
import type { PanelId } from './workspace/uiState.ts';
import { useUi } from './workspace/useUi.ts';
import type { Workspace } from './workspace/workspace.ts';
import './workspace/shell/workspace.css';

const PANEL_VIEWS: Record<PanelId, (props: { ws: Workspace }) => React.ReactNode> = {
  details: DetailsPanel,
  table: TablePanel,
  review: ReviewPanel,
  matching: MatchingPanel,
  charts: ChartsPanel,
  history: HistoryPanel,
  ledger: LedgerPanel,
};
/** Panels that show something about the selection themselves: a click on the map keeps them open. */
const SELECTION_PANELS: ReadonlySet<PanelId> = new Set(['table', 'review', 'matching', 'charts']);
/** A basemap this page's policy blocks: no automatic reload here (it would drop a form or a drawing); BasemapNotice asks. */
const KEEP_PAGE = () => {};


/**
 * The staff workspace (`/`): the map of every room the token can read, and around it the tools to
 * keep the 三人行 ledger. Layout: header (who, connection, colleagues, undo, language), the map
 * with the legend and filters, and a side panel of tabs (a bottom sheet on a phone).
 */
export function App({ ws }: { ws: Workspace }) {
  const { runtime } = ws;
  const sync = useSync(runtime.sync);
  const data = useFeatures(runtime.features);
  const ui = useUi(ws.ui);
  // Layer visibility is this tab's view of the map: session state, never written to a Y.Doc.
  const [toggles, setToggles] = useState(ALL_ON);
  const [controller, setController] = useState<MapController | null>(null);
  const [panelOpen, setPanelOpen] = useState(true);
  const districtOpen = sync.rooms.some((r) => r.room === DISTRICT_ROOM);
  const presenting = usePresenting(runtime.sync, controller, districtOpen);
  const staff = isStaff(sync.session);
  const canWrite = sync.rooms.some((r) => r.canWrite);
  useShortcuts(ws);
  const s = useStrings(shellStrings);

  const onToggle = useCallback((toggle: ToggleId, on: boolean) => setToggles((t) => ({ ...t, [toggle]: on })), []);
  const onController = useCallback(
    (c: MapController | null) => {
      setMapController(c);
      ws.setController(c);
      setController(c);
    },
    [ws],
  );
  const onSelect = useCallback(
    (s: Selection | null) => {
      // While a drawing tool is active, clicks belong to it; while a form is open, a stray click
      // on the map must not close it and lose what was typed (Escape or 取消 closes it).
      const now = ws.ui.getSnapshot();
      if (now.tool || now.editing || now.draft) return;
      ws.ui.select(s?.id ?? null);
      // The charts narrow to the selection and the table marks its row: those panels stay, so
      // that the selection and what it means can be seen together. Elsewhere, show its details.
      if (s && !SELECTION_PANELS.has(now.panel)) ws.ui.set({ panel: 'details' });
    },
    [ws],
  );

  // Drawing and collaboration attach to the map once it exists, and detach with it.
  useEffect(() => {
    if (!controller || !staff) return;
    const detachDrawing = attachDrawing(ws, controller);
    const detachCollab = attachCollab(ws, controller);
    // Needs (and their links to partners) are drawn whatever tab is open: they are the work to do.
    const detachNeeds = attachMatchingOverlay(ws, controller);
    return () => {
      detachDrawing();
      detachCollab();
      detachNeeds();
    };
  }, [ws, controller, staff]);

  // A filter on a place or a kind of thing frames the map on what it keeps (a chart bar too).
  useEffect(() => (controller ? attachFilterFraming(ws, controller) : undefined), [ws, controller]);

  // The selection is outlined on the map, wherever it was made (map, table, chart, search).
  useEffect(() => {
    controller?.setHighlight(ui.selection ? [ui.selection] : []);
  }, [controller, ui.selection]);

  // The first view (see firstFrame), recomputed whenever the features change.
  const ownStreet = sync.session?.role === 'editor' ? sync.session.street : null;
  const allSynced = sync.rooms.length > 0 && sync.rooms.every((r) => r.status === 'synced');
  const frame = useMemo(() => {
    void data.revision;
    const streets = runtime.features.records('street').map((r) => ({ street: r.fields.street, geometry: r.geometry }));
    return firstFrame(streets, { ownStreet, allSynced, indexPending: runtime.features.hasPending() });
  }, [runtime, data.revision, ownStreet, allSynced]);

  const shown = useFilteredData(data, ui.filter, runtime.features);
  // What waits for review is badged where the map draws it (staff rooms only carry a status),
  // and counted on the 审核 tab.
  const waiting = useMemo(() => waitingCount(runtime.features, data), [runtime, data]);
  useEffect(() => {
    if (controller && staff) showReviewBadges(controller, badgeData(data, shown, toggles, runtime.features));
  }, [controller, staff, data, shown, toggles, runtime]);
  const counts = {} as Record<DrawnLayer, number>;
  for (const layer of DRAWN_LAYERS) counts[layer] = shown.layers[layer].count;
  const PanelView = PANEL_VIEWS[ui.panel];

  return (
    <div className="app workspace">
      <Header sync={sync}>
        {staff && <PresenceBar ws={ws} />}
        {canWrite && <UndoButtons editor={ws.editor} />}
        {staff && <PresentButton presenting={presenting.presenting} available={presenting.available} onToggle={presenting.toggle} />}
        <LanguageSwitch />
      </Header>
      {canWrite || !staff ? null : <div className="workspace__readonly" role="status">{s.readOnly}</div>}
      <main className={`app__main workspace__main${panelOpen ? ' workspace__main--panel' : ''}`}>
        <div className="workspace__map">
          <MapView data={shown} frame={frame} toggles={toggles} onSelect={onSelect} onController={onController} options={{ onViewChange: presenting.onViewChange, stackTitle: (n) => stringsOf(shellStrings).stackTitle(n), layerWord: (l) => stringsOf(filterStrings).layerNames[l] ?? l }} onBasemapBlocked={KEEP_PAGE} />
          <BasemapNotice />
          <div className="workspace__left">
            {staff && <FilterBar ws={ws} />}
            <Legend toggles={toggles} counts={counts} onToggle={onToggle} />
          </div>
          {canWrite && <DrawToolbar ws={ws} />}
        </div>
        {staff && (
          <section className="workspace__panel" aria-label={s.panelsLabel}>
            <div className="workspace__panelbar">
              <PanelTabs panel={ui.panel} counts={{ review: waiting }} onChange={(panel) => { ws.ui.set({ panel }); setPanelOpen(true); }} />
              <button type="button" className="btn btn--ghost workspace__fold" aria-expanded={panelOpen} title={panelOpen ? s.hidePanel : s.showPanel} onClick={() => setPanelOpen((o) => !o)} data-testid="panel-fold">
                {panelOpen ? '▾' : '▴'}
              </button>
            </div>
            {panelOpen && (
              <div className="workspace__panelbody" role="tabpanel" id={`tabpanel-${ui.panel}`} aria-labelledby={`tab-${ui.panel}`}>
                <PanelView ws={ws} />
              </div>
            )}
          </section>
        )}
      </main>
    </div>
  );
}
