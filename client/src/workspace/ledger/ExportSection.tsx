import { useId, useMemo, useState } from 'react';
import { useFeatures } from '../../data/useFeatures.ts';
import { useStrings } from '../../i18n/i18n.ts';
import { exportBlob, exportCsv, exportFileName, exportGeoJson, exportXlsx, type ExportFormat, type LedgerLayer } from '../../ledger/index.ts';
import { useUi } from '../useUi.ts';
import type { Workspace } from '../workspace.ts';
import { download } from './download.ts';
import { LayerSelect } from './LayerSelect.tsx';
import { isEmptyFilter, matchesFilter } from '../filters/match.ts';
import { useFilterContext } from '../filters/useRecords.ts';
import { readableFeatures } from './session.ts';
import { ledgerStrings } from './strings.ts';

const FORMATS: ExportFormat[] = ['xlsx', 'csv', 'geojson'];

type Status = { kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; file: string } | { kind: 'failed'; message: string };

/** Pick a layer and a format; the file holds only what this session can read. */
export function ExportSection({ ws }: { ws: Workspace }) {
  const s = useStrings(ledgerStrings);
  const id = useId();
  const ui = useUi(ws.ui);
  // Re-render (and recount) when any room's data changes.
  const live = useFeatures(ws.runtime.features);
  const [layer, setLayer] = useState<LedgerLayer>('venue');
  const [format, setFormat] = useState<ExportFormat>('xlsx');
  const [onlyFiltered, setOnlyFiltered] = useState(false);
  const [includePrivate, setIncludePrivate] = useState(false);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const filtering = !isEmptyFilter(ui.filter);
  const filterContext = useFilterContext(ws);

  // Every readable feature (references are written by name, looked up among all of them), with
  // the exported layer's rows narrowed to the filter when asked.
  const features = useMemo(() => {
    void live;
    const all = readableFeatures(ws);
    if (!onlyFiltered || !filtering) return all;
    // The same test the workspace's table and lists apply ('list': every criterion about the layer).
    const shown = new Set(ws.runtime.features.records(layer).filter((r) => matchesFilter(r, ui.filter, filterContext, 'list')).map((r) => r.id));
    return all.filter((f) => f.layer !== layer || shown.has(f.id));
  }, [ws, live, onlyFiltered, filtering, layer, ui.filter, filterContext]);
  const count = features.filter((f) => f.layer === layer).length;

  const run = async () => {
    setStatus({ kind: 'busy' });
    try {
      const options = { includePrivate };
      const content =
        format === 'csv' ? exportCsv(features, layer, options) : format === 'geojson' ? exportGeoJson(features, layer, options) : await exportXlsx(features, [layer], options);
      const file = exportFileName(format, layer);
      download(exportBlob(format, content), file);
      setStatus({ kind: 'done', file });
    } catch (error) {
      setStatus({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  };

  return (
    <section className="ledger-section" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="ledger-title">
        {s.exportTitle}
      </h3>
      <div className="ledger-export">
        <LayerSelect value={layer} onChange={(l) => l && setLayer(l)} testId="export-layer" />
        <div className="field">
          <label htmlFor={`${id}-format`}>{s.format}</label>
          <select id={`${id}-format`} value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)} data-testid="export-format">
            {FORMATS.map((f) => (
              <option key={f} value={f}>
                {s.formats[f]}
              </option>
            ))}
          </select>
        </div>
      </div>
      <label className="ledger-check">
        <input type="checkbox" checked={onlyFiltered} onChange={(e) => setOnlyFiltered(e.target.checked)} data-testid="export-filtered" />
        {s.onlyFiltered}
      </label>
      {onlyFiltered && !filtering && <p className="ws-muted">{s.filterNone}</p>}
      <label className="ledger-check">
        <input type="checkbox" checked={includePrivate} onChange={(e) => setIncludePrivate(e.target.checked)} data-testid="export-private" />
        {s.includePrivate}
      </label>
      {includePrivate && (
        <p className="ledger-warning" role="alert" data-testid="export-private-warning">
          {s.privateWarning}
        </p>
      )}
      <div className="ledger-actions">
        <button type="button" className="btn btn--primary" disabled={status.kind === 'busy'} onClick={() => void run()} data-testid="export-button">
          {status.kind === 'busy' ? s.exporting : s.exportButton(count)}
        </button>
      </div>
      {status.kind === 'done' && (
        <p className="ws-muted" role="status" data-testid="export-done">
          {s.exported(status.file)}
        </p>
      )}
      {status.kind === 'failed' && (
        <p className="ledger-problem" role="alert">
          {s.exportFailed(status.message)}
        </p>
      )}
    </section>
  );
}
