import { useId } from 'react';
import type { LedgerLayer } from '../../ledger/index.ts';
import { useStrings } from '../../i18n/i18n.ts';
import { refusalKind } from '../review/queue.ts';
import { reviewStrings } from '../review/strings.ts';
import { LayerSelect } from './LayerSelect.tsx';
import { PreviewTable } from './PreviewTable.tsx';
import { ledgerStrings } from './strings.ts';
import { MAX_FILE_BYTES, type ImportState } from './useImport.ts';

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

type Props = {
  state: ImportState;
  layer: LedgerLayer | null;
  onLayer: (layer: LedgerLayer | null) => void;
  /** Why the import cannot start now (read-only, syncing), or null. */
  blocked: string | null;
  onFile: (file: File) => void;
  onApply: () => void;
  onReset: () => void;
  onUndo: () => void;
  /** 导入后直接发布: offered to admins only (null: not offered); unchecked by default. */
  publish: { checked: boolean; onChange: (checked: boolean) => void } | null;
  nameOf: (id: string) => string | null;
};

/** Choose a file, see the preview, confirm; then the result with its undo. */
export function ImportSection({ state, layer, onLayer, blocked, onFile, onApply, onReset, onUndo, publish, nameOf }: Props) {
  const s = useStrings(ledgerStrings);
  const r = useStrings(reviewStrings);
  const fileId = useId();
  const busy = state.phase === 'reading';

  return (
    <section className="ledger-section" aria-labelledby={`${fileId}-title`}>
      <h3 id={`${fileId}-title`} className="ledger-title">
        {s.importTitle}
      </h3>
      {blocked ? (
        <p className="ws-muted" role="status" data-testid="ledger-blocked">
          {blocked}
        </p>
      ) : (
        <>
          <p className="ws-muted">{s.importHint}</p>
          <div className="ledger-pick">
            <label className="btn ledger-file" htmlFor={fileId}>
              {s.chooseFile}
            </label>
            <input
              id={fileId}
              className="ledger-file__input"
              type="file"
              accept=".csv,.txt,.xlsx,.geojson,.json,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/geo+json"
              disabled={busy}
              data-testid="ledger-file"
              onChange={(e) => {
                const file = e.target.files?.[0];
                // Cleared so that choosing the same file again (after fixing it) reads it again.
                e.target.value = '';
                if (file) onFile(file);
              }}
            />
            <LayerSelect value={layer} onChange={onLayer} testId="ledger-layer" autoLabel={s.layerAuto} className="field ledger-layer" />
          </div>
        </>
      )}

      {state.phase === 'reading' && (
        <p className="ledger-progress" role="status" aria-live="polite" data-testid="ledger-reading">
          <span className="ledger-spinner" aria-hidden="true" />
          {s.reading(state.name, formatSize(state.size))}
        </p>
      )}

      {state.phase === 'failed' && (
        <p className="ledger-problem" role="alert" data-testid="ledger-failed">
          {state.reason.kind === 'tooLarge' ? s.tooLarge(formatSize(state.reason.size), formatSize(MAX_FILE_BYTES)) : s.readFailed(state.reason.message)}
        </p>
      )}

      {state.phase === 'preview' && (
        <>
          <p className="ledger-filename">{state.name}</p>
          <PreviewTable preview={state.preview} />
          {publish && (
            <label className="ledger-publish" title={s.publishHint}>
              <input type="checkbox" checked={publish.checked} onChange={(e) => publish.onChange(e.currentTarget.checked)} data-testid="ledger-publish" />
              {s.publishAfter}
            </label>
          )}
          <div className="ledger-actions">
            <button type="button" className="btn btn--primary" disabled={state.preview.counts.new + state.preview.counts.update === 0} onClick={onApply} data-testid="ledger-apply">
              {s.apply(state.preview.counts.new + state.preview.counts.update)}
            </button>
            <button type="button" className="btn" onClick={onReset} data-testid="ledger-cancel">
              {s.cancel}
            </button>
          </div>
          <p className="ws-muted">{s.applyHint}</p>
        </>
      )}

      {state.phase === 'done' && (
        <div className="ledger-result" role="status" data-testid="ledger-result">
          <p>{s.result({ created: state.result.created, updated: state.result.updated, rejected: state.rejected, skipped: state.result.skipped.length, unchanged: state.unchanged })}</p>
          {state.publish?.phase === 'running' && (
            <p className="ledger-progress" data-testid="ledger-publishing">
              <span className="ledger-spinner" aria-hidden="true" />
              {s.publishing(state.publish.count)}
            </p>
          )}
          {state.publish?.phase === 'done' && (
            <div data-testid="ledger-published">
              <p>{state.publish.result.failure ? s.publishFailed(r.errors[state.publish.result.failure.kind]) : s.published(state.publish.result.published)}</p>
              {state.publish.result.refused.length > 0 && (
                <ul className="ledger-errors">
                  {state.publish.result.refused.map((x) => {
                    const kind = refusalKind(x.reason);
                    return <li key={x.id}>{r.refusedItem(nameOf(x.id) ?? x.id, kind ? r.reasons[kind] : x.reason)}</li>;
                  })}
                </ul>
              )}
            </div>
          )}
          {state.result.skipped.length > 0 && (
            <ul className="ledger-errors" data-testid="ledger-skipped">
              {state.result.skipped.map((row) => (
                <li key={`${row.sheet}\u0000${row.row}`}>{s.skippedRow(s.rowLabel(row.sheet, row.row, true), row.id, row.reason)}</li>
              ))}
            </ul>
          )}
          <div className="ledger-actions">
            {state.undo === 'available' && (
              <button type="button" className="btn btn--danger" onClick={onUndo} data-testid="ledger-undo">
                {s.undoImport}
              </button>
            )}
            <button type="button" className="btn" onClick={onReset} data-testid="ledger-another">
              {s.another}
            </button>
          </div>
          {state.undo === 'undone' && <p data-testid="ledger-undone">{s.undoneImport}</p>}
          {state.undo === 'stale' && <p className="ws-muted">{s.staleUndo}</p>}
        </div>
      )}
    </section>
  );
}
