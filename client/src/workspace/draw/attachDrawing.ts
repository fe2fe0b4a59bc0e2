import type { MapController } from '../../map/controller.ts';
import type * as drawSessionModule from '../../map/draw/drawSession.ts';
import type { DrawSession } from '../../map/draw/drawSession.ts';
import { isEditable, type EditableGeometry } from '../../map/draw/geometry.ts';
import type * as polygonProblemModule from '../../map/draw/polygonProblem.ts';
import type { DrawTool } from '../uiState.ts';
import type { Workspace } from '../workspace.ts';
import { attachDraftMarker } from './draftMarker.ts';
import { drawChannel } from './drawChannel.ts';
import { sameTool } from './tools.ts';

/**
 * The browser's click for the gesture that ended a tool (the placed point, the closing corner)
 * arrives after the tool is gone; for this long map clicks select nothing. A tap's click can come
 * a few hundred ms after its pointer-up.
 */
const CLICK_GRACE_MS = 600;

/** terra-draw and the code that needs it (drawSession, polygonProblem). */
type DrawKit = typeof drawSessionModule & typeof polygonProblemModule;
let kit: Promise<DrawKit> | null = null;

/**
 * terra-draw (~170 KB) loads when a tool is first chosen, not with the page: most visits draw
 * nothing. The toolbar says 正在准备地图… until the tool is ready, as it does while the map loads.
 */
function loadKit(): Promise<DrawKit> {
  kit ??= Promise.all([import('../../map/draw/drawSession.ts'), import('../../map/draw/polygonProblem.ts')]).then(
    ([session, check]) => ({ ...session, ...check }),
    (err: unknown) => {
      kit = null; // a network failure: the next tool tries again
      throw err;
    },
  );
  return kit;
}

function typing(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT', 'BUTTON', 'A'].includes(target.tagName));
}

function firstError(errors: Record<string, string>): string {
  return errors.geometry ?? Object.values(errors)[0] ?? '';
}

/**
 * Connect terra-draw to the map for the workspace's tools (`ui.tool`): one drawing session per
 * tool, started when the tool is chosen and torn down when it changes or ends (Escape, another
 * selection, 完成). Geometry is written only through the editor. Returns a detach function.
 */
export function attachDrawing(ws: Workspace, controller: MapController): () => void {
  const channel = drawChannel(ws);
  let active: DrawTool | null = null;
  let session: DrawSession | null = null;
  let cancelWait: () => void = () => {};
  /** Set once the kit has loaded; a session exists only after that. */
  let draw: DrawKit | null = null;

  /** End the tool from inside a terra-draw callback: after terra-draw has finished handling the event. */
  const endToolSoon = (patch: Parameters<typeof ws.ui.set>[0] = {}) => {
    controller.ignoreClicks(CLICK_GRACE_MS);
    queueMicrotask(() => ws.ui.set({ tool: null, ...patch }));
  };

  const stopSession = () => {
    controller.map.getContainer().removeAttribute('data-draw-crosshair');
    cancelWait();
    cancelWait = () => {};
    session?.stop();
    session = null;
    controller.setHidden([]);
    controller.setHoverTooltips(true);
    channel.onCommit(null);
    channel.reset();
  };

  const writeGeometry = (id: string, geometry: EditableGeometry): boolean => {
    if (geometry.type === 'Polygon') {
      const problem = draw?.polygonProblem(geometry) ?? null;
      channel.set({ problem });
      if (problem) return false;
    }
    const result = ws.editor.setGeometry(id, geometry);
    if (!result.ok) channel.set({ error: firstError(result.errors) });
    return result.ok;
  };

  /** `from`: a reshape's geometry so far, when the session restarts (a new basemap coordinate system). */
  const begin = (tool: DrawTool, from: EditableGeometry | null = null) => {
    if (!draw) return;
    const { startDrawSession, polygonProblem } = draw;
    const map = controller.map;
    // What terra-draw reports comes back in WGS-84 whatever the basemap (map/crs.ts).
    const crs = controller.displayCrs();
    controller.setHoverTooltips(false);
    if (tool.kind === 'place') {
      session = startDrawSession(map, {
        kind: 'place',
        onPlace: (geometry) => endToolSoon({ draft: { layer: tool.layer, geometry }, editing: true, panel: 'details' }),
      }, crs);
    } else if (tool.kind === 'boundary') {
      session = startDrawSession(map, {
        kind: 'polygon',
        onChange: () => channel.set({ corners: session?.drawnCorners() ?? 0 }),
        onFinish: (polygon) => {
          if (writeGeometry(tool.communityId, polygon)) endToolSoon();
        },
      }, crs);
    } else {
      const geometry = from ?? ws.editor.read(tool.id)?.json.geometry;
      if (!isEditable(geometry)) {
        ws.ui.set({ tool: null });
        return;
      }
      // terra-draw draws the editable copy; the stored symbol would sit at the old place meanwhile.
      controller.setHidden([tool.id]);
      session = startDrawSession(map, {
        kind: 'reshape',
        geometry,
        onChange: () => {
          const now = session?.current();
          channel.set({ problem: now?.type === 'Polygon' ? polygonProblem(now) : null, error: null });
        },
      }, crs);
      channel.onCommit(() => {
        const now = session?.current();
        if (!now) return;
        if (writeGeometry(tool.id, now)) ws.ui.set({ tool: null });
      });
    }
    // The crosshair Space clicks at; shown while the map has keyboard focus (draw.css).
    if (tool.kind !== 'reshape') map.getContainer().setAttribute('data-draw-crosshair', '');
    channel.set({ ready: true });
  };

  const follow = () => {
    const tool = ws.ui.getSnapshot().tool;
    if (sameTool(tool, active)) return;
    stopSession();
    active = tool;
    if (!tool) return;
    let cancelled = false;
    cancelWait = () => void (cancelled = true);
    loadKit().then(
      (loaded) => {
        if (cancelled) return;
        draw = loaded;
        cancelWait = loaded.whenLoaded(controller.map, controller.stats().ready, () => {
          cancelWait = () => {};
          try {
            begin(tool);
          } catch (err) {
            // A tool that cannot start must not leave the map half in drawing mode.
            console.error('drawing tool failed to start', err);
            stopSession();
            ws.ui.set({ tool: null });
          }
        });
      },
      (err: unknown) => {
        if (cancelled) return;
        console.error('drawing tools failed to load', err);
        ws.ui.set({ tool: null });
      },
    );
  };

  // Enter commits a reshape wherever the focus is, except where Enter already means something.
  // On the focused map, Space clicks at the crosshair (the arrow keys move the map under it), so
  // a point or a whole boundary can be drawn without a pointer.
  const onKey = (e: KeyboardEvent) => {
    if (e.key === ' ' && session && (active?.kind === 'place' || active?.kind === 'boundary') && e.target === controller.map.getCanvas()) {
      e.preventDefault();
      session.clickAtCentre();
      return;
    }
    if (e.key !== 'Enter' || active?.kind !== 'reshape' || typing(e.target)) return;
    e.preventDefault();
    channel.commit();
  };

  // The basemap switched coordinate system under a running tool: terra-draw's copy is in the old
  // one, so the tool starts again in the new one (a reshape keeps its shape so far; the corners of
  // an unfinished boundary are dropped).
  const onCrsChange = () => {
    const tool = active;
    if (!tool || !session) return;
    const now = tool.kind === 'reshape' ? session.current() : null;
    stopSession();
    try {
      begin(tool, now);
    } catch (err) {
      console.error('drawing tool failed to restart', err);
      stopSession();
      ws.ui.set({ tool: null });
    }
  };

  const unsubscribe = ws.ui.subscribe(follow);
  const offCrs = controller.onCrsChange(onCrsChange);
  const detachDraft = attachDraftMarker(ws, controller);
  window.addEventListener('keydown', onKey);
  follow();
  return () => {
    unsubscribe();
    offCrs();
    detachDraft();
    window.removeEventListener('keydown', onKey);
    stopSession();
    active = null;
  };
}
