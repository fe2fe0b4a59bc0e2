import { useEffect, useState, useSyncExternalStore } from 'react';
import { useFeatures } from '../../data/useFeatures.ts';
import { useStrings } from '../../i18n/i18n.ts';
import { locate, type LocateFailure } from '../../map/geolocate.ts';
import { pointAt } from '../../map/draw/geometry.ts';
import { useSync } from '../../sync/useSync.ts';
import { usePhone } from '../../ui/usePhone.ts';
import type { DrawTool } from '../uiState.ts';
import { useUi } from '../useUi.ts';
import type { Workspace } from '../workspace.ts';
import { AddMenu } from './AddMenu.tsx';
import { drawChannel } from './drawChannel.ts';
import { drawStrings } from './strings.ts';
import { availability, PLACEABLE, PLACEABLE_HERE, sameTool, selectedOf, type Why } from './tools.ts';
import './draw.css';

/**
 * Buttons over the map to place a new venue / partner / activity / need, draw a community's
 * boundary, move or reshape the selected feature, and delete it; while a tool is active, a hint of
 * what to do (and 完成 / 取消). Rendered only for sessions that can write. The map side of each
 * tool is attachDrawing's; this component only sets `ui.tool` and shows what the tool reports.
 * On a phone the four 新增 buttons fold into one (新增 ▾, AddMenu), so the toolbar fits its width.
 */
export function DrawToolbar({ ws }: { ws: Workspace }) {
  const s = useStrings(drawStrings);
  const ui = useUi(ws.ui);
  const status = useSyncExternalStore(drawChannel(ws).subscribe, drawChannel(ws).getSnapshot);
  // Re-render when the documents or the session's rooms change: the selection's shape or rights may have.
  useFeatures(ws.runtime.features);
  useSync(ws.runtime.sync);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [removeError, setRemoveError] = useState(false);
  const [locating, setLocating] = useState(false);
  const [locateError, setLocateError] = useState<LocateFailure | null>(null);
  const phone = usePhone();

  const selected = selectedOf(ui.selection, ui.selection ? ws.editor.read(ui.selection)?.json : null);
  const canAdd = ws.editor.writableRooms().length > 0;
  const can = availability(selected, (street) => ws.editor.canWriteStreet(street), canAdd);
  const tool = ui.tool;

  // A confirmation belongs to the feature it was asked for.
  useEffect(() => {
    setConfirming(null);
    setRemoveError(false);
  }, [ui.selection]);

  // A refusal belongs to the tool it was asked for.
  useEffect(() => setLocateError(null), [ui.tool]);

  /** 在我的位置新增: the browser's position as the new point, then its form, as if clicked there. */
  const placeHere = async (layer: Extract<DrawTool, { kind: 'place' }>['layer']) => {
    setLocating(true);
    setLocateError(null);
    const got = await locate();
    setLocating(false);
    if (!got.ok) return setLocateError(got.reason);
    // Cancelled or switched while the browser was locating: that choice stands.
    const now = ws.ui.getSnapshot().tool;
    if (now?.kind !== 'place' || now.layer !== layer) return;
    const geometry = pointAt(got.lngLat[0], got.lngLat[1]);
    ws.ui.set({ tool: null, draft: { layer, geometry }, editing: true, panel: 'details' });
    const controller = ws.controller();
    controller?.easeTo({ center: geometry.coordinates, zoom: Math.max(16, controller.getView().zoom) }, { duration: 800 });
  };

  const toggle = (next: DrawTool) => {
    setConfirming(null);
    ws.ui.set({ tool: sameTool(tool, next) ? null : next, editing: false, draft: null });
  };
  const title = (why: Why | null) => (why ? s.why[why] : undefined);
  const reshapeLabel = !selected ? s.reshape : (selected.geometry as { type?: string } | null)?.type === 'Point' ? s.reshapePoint : s.reshapeArea;

  const remove = () => {
    if (!confirming) return;
    const ok = ws.editor.remove(confirming);
    setConfirming(null);
    setRemoveError(!ok);
    if (ok) ws.ui.select(null);
  };

  return (
    <div className="draw-toolbar" role="toolbar" aria-label={s.toolbar} data-testid="draw-toolbar">
      <div className="draw-toolbar__buttons">
        {phone && <AddMenu tool={tool} why={can.place} onPick={(layer) => toggle({ kind: 'place', layer })} />}
        {!phone && PLACEABLE.map((layer) => {
          const pressed = tool?.kind === 'place' && tool.layer === layer;
          return (
            <button
              key={layer}
              type="button"
              className={`btn${pressed ? ' btn--primary' : ''}`}
              aria-pressed={pressed}
              disabled={!!can.place}
              title={title(can.place)}
              data-testid={`draw-place-${layer}`}
              onClick={() => toggle({ kind: 'place', layer })}
            >
              {s.place[layer]}
            </button>
          );
        })}
        <button
          type="button"
          className={`btn${tool?.kind === 'boundary' ? ' btn--primary' : ''}`}
          aria-pressed={tool?.kind === 'boundary'}
          disabled={!!can.boundary}
          title={title(can.boundary)}
          data-testid="draw-boundary"
          onClick={() => selected && toggle({ kind: 'boundary', communityId: selected.id })}
        >
          {s.boundary}
        </button>
        <button
          type="button"
          className={`btn${tool?.kind === 'reshape' ? ' btn--primary' : ''}`}
          aria-pressed={tool?.kind === 'reshape'}
          disabled={!!can.reshape}
          title={title(can.reshape)}
          data-testid="draw-reshape"
          onClick={() => selected && toggle({ kind: 'reshape', id: selected.id })}
        >
          {reshapeLabel}
        </button>
        <button
          type="button"
          className="btn btn--danger"
          disabled={!!can.remove}
          title={title(can.remove)}
          data-testid="draw-delete"
          onClick={() => {
            if (!selected) return;
            ws.ui.set({ tool: null });
            setRemoveError(false);
            setConfirming(selected.id);
          }}
        >
          {s.remove}
        </button>
      </div>

      {tool && (
        <div className="draw-toolbar__hint" role="status" data-testid="draw-hint" data-ready={status.ready}>
          <p>
            {!status.ready
              ? s.starting
              : tool.kind === 'place'
                ? s.placeHint
                : tool.kind === 'boundary'
                  ? `${s.boundaryHint}${status.corners ? ` · ${s.corners(status.corners)}` : ''}`
                  : (selected?.geometry as { type?: string } | null)?.type === 'Point'
                    ? s.reshapePointHint
                    : s.reshapeAreaHint}
          </p>
          {tool.kind === 'place' && PLACEABLE_HERE.includes(tool.layer) && (
            <p className="draw-toolbar__here">
              <button type="button" className="btn" disabled={locating || !status.ready} onClick={() => void placeHere(tool.layer)} data-testid="draw-place-here">
                {locating ? s.locating : s.placeHere}
              </button>
            </p>
          )}
          {locateError && (
            <p className="draw-toolbar__error" role="alert" data-testid="draw-locate-problem">
              {s.locateFailed[locateError]}
            </p>
          )}
          {status.problem && (
            <p className="draw-toolbar__error" role="alert" data-testid="draw-problem">
              {s.problem[status.problem]}
            </p>
          )}
          {status.error && (
            <p className="draw-toolbar__error" role="alert" data-testid="draw-error">
              {s.saveFailed}
              {status.error}
            </p>
          )}
          <div className="draw-toolbar__actions">
            {tool.kind === 'reshape' && (
              <button type="button" className="btn btn--primary" disabled={!status.ready || !!status.problem} onClick={() => drawChannel(ws).commit()} data-testid="draw-done">
                {s.done}
              </button>
            )}
            <button type="button" className="btn btn--ghost" onClick={() => ws.ui.set({ tool: null })} data-testid="draw-cancel">
              {s.cancel}
            </button>
          </div>
        </div>
      )}

      {confirming && selected?.id === confirming && (
        <div className="draw-toolbar__hint" role="alertdialog" aria-label={s.remove} data-testid="draw-delete-dialog">
          <p>{s.confirmRemove(selected.name)}</p>
          <div className="draw-toolbar__actions">
            <button type="button" className="btn btn--danger" onClick={remove} data-testid="draw-delete-confirm" autoFocus>
              {s.remove}
            </button>
            <button type="button" className="btn btn--ghost" onClick={() => setConfirming(null)}>
              {s.cancel}
            </button>
          </div>
        </div>
      )}
      {removeError && (
        <p className="draw-toolbar__hint draw-toolbar__error" role="alert">
          {s.removeFailed}
        </p>
      )}
    </div>
  );
}
