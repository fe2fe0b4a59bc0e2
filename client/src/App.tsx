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
import { ZoneSketch } from './ui/ZoneSketch.tsx';
import { PresentButton } from './ui/PresentButton.tsx';
import { isPhone, usePhone } from './ui/usePhone.ts';
import { usePresenting } from './ui/usePresenting.ts';
import { attachCollab } from './workspace/collab/attachCollab.ts';
import { FollowChip, PresenceBar } from './workspace/collab/PresenceBar.tsx';
import { ConnectionBanner } from './workspace/collab/ConnectionBanner.tsx';
import { DetailsPanel } from './workspace/details/DetailsPanel.tsx';
import { attachDrawing } from './workspace/draw/attachDrawing.ts';
import { DrawToolbar } from './workspace/draw/DrawToolbar.tsx';
import { FilterBar } from './workspace/filters/FilterBar.tsx';
import { attachFilterFraming } from './workspace/filters/frameFilter.ts';
import { filterStrings } from './workspace/filters/strings.ts';
import { useFilteredData } from './workspace/filters/useFilteredData.ts';
import { PlaybackBar } from './workspace/playback/PlaybackBar.tsx';
import { useShownFilter } from './workspace/playback/usePlayback.ts';
import { badgeData, showReviewBadges } from './workspace/review/badges.ts';
import { waitingCount } from './workspace/review/queue.ts';
import { attachMatchingOverlay } from './workspace/matching/overlay.ts';
import { LanguageSwitch } from './workspace/shell/LanguageSwitch.tsx';
import { ReportButton } from './workspace/shell/ReportButton.tsx';
import { stringsOf, useStrings } from './i18n/i18n.ts';
import { shellStrings } from './workspace/shell/strings.ts';
import { PanelTabs } from './workspace/shell/PanelTabs.tsx';
import { lazyPanel, PanelSlot, type PanelView } from './workspace/shell/PanelSlot.tsx';
import { UndoButtons } from './workspace/shell/UndoButtons.tsx';
import { BasemapNotice } from './workspace/shell/BasemapNotice.tsx';
import { UpdatePrompt } from './workspace/shell/UpdatePrompt.tsx';
import { useShortcuts } from './workspace/shell/useShortcuts.ts';
import { PANELS, type PanelId } from './workspace/uiState.ts';
import { useUi } from './workspace/useUi.ts';
import type { Workspace } from './workspace/workspace.ts';
import './workspace/shell/workspace.css';

/**
 * Each tab's view. 详情 (the default tab, where a form opens) comes with the page; the others load
 * when first opened (PanelSlot.tsx), so a phone's first view waits for none of their code.
 */
const PANEL_VIEWS: Record<PanelId, PanelView> = {
  details: DetailsPanel,
  table: lazyPanel(() => import('./workspace/table/TablePanel.tsx'), (m) => m.TablePanel),
  review: lazyPanel(() => import('./workspace/review/ReviewPanel.tsx'), (m) => m.ReviewPanel),
  matching: lazyPanel(() => import('./workspace/matching/MatchingPanel.tsx'), (m) => m.MatchingPanel),
  charts: lazyPanel(() => import('./workspace/charts/ChartsPanel.tsx'), (m) => m.ChartsPanel),
  history: lazyPanel(() => import('./workspace/history/HistoryPanel.tsx'), (m) => m.HistoryPanel),
  ledger: lazyPanel(() => import('./workspace/ledger/LedgerPanel.tsx'), (m) => m.LedgerPanel),
  settings: lazyPanel(() => import('./workspace/settings/SettingsPanel.tsx'), (m) => m.SettingsPanel),
};
/** Tabs for admins only (the server refuses everyone else what they hold). */
const ADMIN_PANELS: ReadonlySet<PanelId> = new Set(['settings']);
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
  // A phone starts with the panel folded (its tabs stay), so the map has most of the height.
  const [panelOpen, setPanelOpen] = useState(() => !isPhone());
  const phone = usePhone();
  const districtOpen = sync.rooms.some((r) => r.room === DISTRICT_ROOM);
  // 投屏演示 only for an admin or a named presenter (the session says; the server enforces it).
  const presenting = usePresenting(runtime.sync, controller, districtOpen, sync.session?.canPresent === true);
  const staff = isStaff(sync.session);
  const canWrite = sync.rooms.some((r) => r.canWrite);
  // Until the session answers, a token holder gets the staff layout (panel, filters, header
  // controls; undo as for an editor): what the session brings then fills it in instead of pushing
  // the map and the panels aside as it arrives (layout shift). A refused token falls back.
  const beforeSession = !!ws.token && !sync.session;
  const staffLayout = staff || beforeSession;
  const undoShown = canWrite || beforeSession;
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

  // A selection or a form shows in the panel: unfold it (folded by default on a phone).
  useEffect(() => {
    if (ui.selection || ui.draft || ui.editing) setPanelOpen(true);
  }, [ui.selection, ui.draft, ui.editing]);

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

  // 时间回放 shows one step of the activities: the filter with the step as its dates (playback/).
  const shownFilter = useShownFilter(ui.filter, ui.playback);
  const shown = useFilteredData(data, shownFilter, runtime.features);
  // What waits for review is badged where the map draws it (staff rooms only carry a status),
  // and counted on the 审核 tab.
  const waiting = useMemo(() => waitingCount(runtime.features, data), [runtime, data]);
  useEffect(() => {
    if (controller && staff) showReviewBadges(controller, badgeData(data, shown, toggles, runtime.features));
  }, [controller, staff, data, shown, toggles, runtime]);
  const counts = {} as Record<DrawnLayer, number>;
  for (const layer of DRAWN_LAYERS) counts[layer] = shown.layers[layer].count;
  const isAdmin = sync.session?.role === 'admin';
  const panels = useMemo(() => (isAdmin ? PANELS : PANELS.filter((p) => !ADMIN_PANELS.has(p))), [isAdmin]);
  const panel = panels.includes(ui.panel) ? ui.panel : 'details';
  const present = presenting.allowed ? <PresentButton presenting={presenting.presenting} available={presenting.available} onToggle={presenting.toggle} /> : null;

  return (
    <div className="app workspace">
      {/* On a phone: one row, colleagues, 投屏演示 and the language in the ⋯ menu (Header). */}
      <Header
        sync={sync}
        compact={phone}
        menu={
          <>
            {staffLayout && <PresenceBar ws={ws} compact />}
            {staffLayout && present}
            {staffLayout && <ReportButton token={ws.token} />}
            <LanguageSwitch />
          </>
        }
      >
        {!phone && staffLayout && <PresenceBar ws={ws} />}
        {undoShown && <UndoButtons editor={ws.editor} compact={phone} />}
        {!phone && staffLayout && present}
        {!phone && staffLayout && <ReportButton token={ws.token} />}
        {!phone && <LanguageSwitch />}
      </Header>
      {canWrite || !staff ? null : <div className="workspace__readonly" role="status">{s.readOnly}</div>}
      <main className={`app__main workspace__main${panelOpen ? ' workspace__main--panel' : ''}`}>
        <div className="workspace__map">
          <MapView data={shown} frame={frame} toggles={toggles} onSelect={onSelect} onController={onController} options={{ onViewChange: presenting.onViewChange, stackTitle: (n) => stringsOf(shellStrings).stackTitle(n), layerWord: (l) => stringsOf(filterStrings).layerNames[l] ?? l }} onBasemapBlocked={KEEP_PAGE} afterShell placeholder={<ZoneSketch className="workspace__sketch" data={shown} bounds={frame} selected={ui.selection} label={s.mapLoading} />} />
          <BasemapNotice />
          <UpdatePrompt />
          {phone && staffLayout && (
            // The header's chip and banner, where a phone shows them without opening its menu.
            <div className="workspace__alerts">
              <FollowChip ws={ws} />
              <ConnectionBanner rooms={sync.rooms} />
            </div>
          )}
          <div className="workspace__left">
            {staffLayout && <FilterBar ws={ws} />}
            <Legend toggles={toggles} counts={counts} onToggle={onToggle} />
          </div>
          {staffLayout && <PlaybackBar ws={ws} />}
          {canWrite && <DrawToolbar ws={ws} />}
        </div>
        {staffLayout && (
          <section className="workspace__panel" aria-label={s.panelsLabel}>
            <div className="workspace__panelbar">
              <PanelTabs panel={panel} panels={panels} counts={{ review: waiting }} onChange={(panel) => { ws.ui.set({ panel }); setPanelOpen(true); }} />
              <button type="button" className="btn btn--ghost workspace__fold" aria-expanded={panelOpen} title={panelOpen ? s.hidePanel : s.showPanel} onClick={() => setPanelOpen((o) => !o)} data-testid="panel-fold">
                {panelOpen ? '▾' : '▴'}
              </button>
            </div>
            {/* Kept while folded (empty, hidden): the selected tab's aria-controls names it. */}
            <div className="workspace__panelbody" role="tabpanel" id={`tabpanel-${panel}`} aria-labelledby={`tab-${panel}`} hidden={!panelOpen}>
              {panelOpen && <PanelSlot key={panel} view={PANEL_VIEWS[panel]} ws={ws} />}
            </div>
          </section>
        )}
      </main>
    </div>
  );
}
