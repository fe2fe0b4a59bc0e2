import { useState, type DragEvent } from 'react';
import { useStrings } from '../../i18n/i18n.ts';
import type { LedgerLayer } from '../../ledger/index.ts';
import { useSync } from '../../sync/useSync.ts';
import type { Workspace } from '../workspace.ts';
import { ExportSection } from './ExportSection.tsx';
import { ImportSection } from './ImportSection.tsx';
import './ledger.css';
import { allSynced, principalOf } from './session.ts';
import { ledgerStrings } from './strings.ts';
import { useImport } from './useImport.ts';

const hasFiles = (e: DragEvent) => e.dataTransfer.types.includes('Files');

/**
 * The 导入导出 tab: ledgers (CSV, XLSX, GeoJSON) in, with a preview and per-row errors before
 * anything is written, and out, limited to what this session may read. A file can also be
 * dropped anywhere on the panel.
 */
export function LedgerPanel({ ws }: { ws: Workspace }) {
  const s = useStrings(ledgerStrings);
  const sync = useSync(ws.runtime.sync);
  const [layer, setLayer] = useState<LedgerLayer | null>(null);
  const importer = useImport(ws, layer);
  const [dragging, setDragging] = useState(false);
  // 导入后直接发布: admins only, unchecked unless they tick it.
  const [publish, setPublish] = useState(false);
  const isAdmin = sync.session?.role === 'admin';

  const canWrite = sync.rooms.some((r) => r.canWrite);
  const blocked = !principalOf(sync.session) ? s.noSession : !canWrite ? s.readOnly : !allSynced(sync) ? s.waitingSync : null;
  const accepts = !blocked && importer.state.phase !== 'reading';

  const onDragOver = (e: DragEvent) => {
    if (!accepts || !hasFiles(e)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
    setDragging(true);
  };
  const onDrop = (e: DragEvent) => {
    setDragging(false);
    if (!accepts || !hasFiles(e)) return;
    e.preventDefault();
    const file = e.dataTransfer.files[0];
    if (file) void importer.open(file);
  };

  return (
    <div
      className={`ledger${dragging ? ' ledger--dragging' : ''}`}
      data-testid="ledger-panel"
      onDragOver={onDragOver}
      onDragLeave={(e) => {
        // Leaving for a child element is not leaving the panel.
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false);
      }}
      onDrop={onDrop}
    >
      {dragging && (
        <div className="ledger__drop" aria-hidden="true">
          {s.dropHere}
        </div>
      )}
      <ImportSection
        state={importer.state}
        layer={layer}
        onLayer={setLayer}
        blocked={blocked}
        onFile={(file) => void importer.open(file)}
        onApply={() => importer.apply(isAdmin && publish)}
        onReset={importer.reset}
        onUndo={importer.undo}
        publish={isAdmin ? { checked: publish, onChange: setPublish } : null}
        nameOf={(id) => ws.runtime.features.nameOf(id)}
      />
      <ExportSection ws={ws} />
    </div>
  );
}
