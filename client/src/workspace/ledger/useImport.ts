import { useCallback, useEffect, useRef, useState } from 'react';
import * as Y from 'yjs';
import { DEFAULT_ZONE_BOUNDS } from '../../data/bounds.ts';
import { applyImport, previewFile, type ApplyResult, type ImportPreview, type LedgerLayer } from '../../ledger/index.ts';
import type { Workspace } from '../workspace.ts';
import { publishImported, type PublishResult } from './publishImport.ts';
import { principalOf, readableFeatures } from './session.ts';

/**
 * The import's steps, outside the components that show them: read a file, preview it against
 * the docs as they are now, write the valid rows as one undo step, and follow whether that step
 * is still the user's latest (so 撤销本次导入 never undoes something else).
 */

/** Bigger files are refused: the zone's whole ledger is well under 1 MB, and a browser tab parses a sheet in memory. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

export type UndoState = 'available' | 'undone' | 'stale';

export type ImportState =
  | { phase: 'idle' }
  | { phase: 'reading'; name: string; size: number }
  | { phase: 'failed'; name: string; reason: { kind: 'tooLarge'; size: number } | { kind: 'error'; message: string } }
  | { phase: 'preview'; name: string; bytes: ArrayBuffer; preview: ImportPreview }
  | { phase: 'done'; name: string; result: ApplyResult; undo: UndoState | null; rejected: number; unchanged: number; publish?: PublishState };

/** 导入后直接发布 (admins): approving the imported features after they are written. */
export type PublishState = { phase: 'running'; count: number } | { phase: 'done'; result: PublishResult };

/** Let the browser paint the "正在读取…" state before a long synchronous parse. */
function nextPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function useImport(ws: Workspace, layer: LedgerLayer | null) {
  const [state, setState] = useState<ImportState>({ phase: 'idle' });
  // A newer file (or a new layer choice) wins over a preview still being computed.
  const generation = useRef(0);

  const preview = useCallback(
    async (name: string, bytes: ArrayBuffer, run: number) => {
      const principal = principalOf(ws.runtime.sync.getSnapshot().session);
      if (!principal) return;
      try {
        await nextPaint();
        const ctx = { principal, bounds: DEFAULT_ZONE_BOUNDS, existing: readableFeatures(ws) };
        const result = await previewFile(name, bytes, ctx, layer ? { layer } : {});
        if (run === generation.current) setState({ phase: 'preview', name, bytes, preview: result });
      } catch (error) {
        // The ledger core's errors carry a Chinese message meant for the user.
        if (run === generation.current) setState({ phase: 'failed', name, reason: { kind: 'error', message: messageOf(error) } });
      }
    },
    [ws, layer],
  );

  // The file being previewed, kept to read it again when the user picks another layer.
  const file = useRef<{ name: string; bytes: ArrayBuffer } | null>(null);

  const open = useCallback(
    async (chosen: File) => {
      const run = ++generation.current;
      file.current = null;
      if (chosen.size > MAX_FILE_BYTES) {
        setState({ phase: 'failed', name: chosen.name, reason: { kind: 'tooLarge', size: chosen.size } });
        return;
      }
      setState({ phase: 'reading', name: chosen.name, size: chosen.size });
      let bytes: ArrayBuffer;
      try {
        bytes = await chosen.arrayBuffer();
      } catch (error) {
        if (run === generation.current) setState({ phase: 'failed', name: chosen.name, reason: { kind: 'error', message: messageOf(error) } });
        return;
      }
      if (run !== generation.current) return;
      file.current = { name: chosen.name, bytes };
      await preview(chosen.name, bytes, run);
    },
    [preview],
  );

  // A different layer choice reads the same file again (also when its first preview is still running).
  const lastLayer = useRef(layer);
  const phase = state.phase;
  useEffect(() => {
    if (lastLayer.current === layer) return;
    lastLayer.current = layer;
    const current = file.current;
    if (!current || (phase !== 'preview' && phase !== 'reading' && phase !== 'failed')) return;
    const run = ++generation.current;
    setState({ phase: 'reading', name: current.name, size: current.bytes.byteLength });
    void preview(current.name, current.bytes, run);
  }, [layer, phase, preview]);

  /** `publish`: approve what was written (an admin's 导入后直接发布). */
  const apply = useCallback(
    (publish = false) => {
      if (state.phase !== 'preview') return;
      const principal = principalOf(ws.runtime.sync.getSnapshot().session);
      if (!principal) return;
      const run = ++generation.current;
      file.current = null;
      // One Editor step for the whole import, whatever rooms it touches: one Ctrl+Z removes it.
      const result = ws.editor.track((origin) => applyImport(state.preview, (room) => ws.runtime.sync.doc(room), { principal, origin }));
      const { error: rejected, unchanged } = state.preview.counts;
      const skipped = new Set(result.skipped.map((r) => r.id));
      const written = state.preview.rows.filter((r) => (r.status === 'new' || r.status === 'update') && r.feature && !skipped.has(r.id)).map((r) => r.id);
      const publishing = publish && principal.role === 'admin' && written.length > 0;
      setState({
        phase: 'done',
        name: state.name,
        result,
        undo: result.created + result.updated > 0 ? 'available' : null,
        rejected,
        unchanged,
        ...(publishing ? { publish: { phase: 'running', count: written.length } } : {}),
      });
      if (!publishing) return;
      void publishImported(ws, written).then((published) => {
        // Still the same import's summary on screen: say how many were published.
        if (run === generation.current) setState((s) => (s.phase === 'done' ? { ...s, publish: { phase: 'done', result: published } } : s));
      });
    },
    [state, ws],
  );

  const reset = useCallback(() => {
    generation.current++;
    file.current = null;
    setState({ phase: 'idle' });
  }, []);

  // After an import: the user's next own edit makes it no longer the latest step ("stale"); an
  // undo transaction while it still is means the import was undone (by the button or Ctrl+Z).
  const undoState = state.phase === 'done' ? state.undo : null;
  useEffect(() => {
    if (undoState !== 'available') return;
    const docs = ws.editor
      .writableRooms()
      .map((room) => ws.runtime.sync.doc(room))
      .filter((doc): doc is Y.Doc => !!doc);
    const onTransaction = (tr: Y.Transaction) => {
      if (!tr.changed.size) return;
      const next: UndoState | null = tr.origin instanceof Y.UndoManager ? 'undone' : tr.origin === ws.editor.origin ? 'stale' : null;
      if (next) setState((s) => (s.phase === 'done' && s.undo === 'available' ? { ...s, undo: next } : s));
    };
    for (const doc of docs) doc.on('afterTransaction', onTransaction);
    return () => {
      for (const doc of docs) doc.off('afterTransaction', onTransaction);
    };
  }, [undoState, ws]);

  const undo = useCallback(() => {
    if (state.phase === 'done' && state.undo === 'available') ws.editor.undo();
  }, [state, ws]);

  return { state, open, apply, reset, undo };
}
