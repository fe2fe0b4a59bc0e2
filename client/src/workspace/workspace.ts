import { fetchSession } from '../api/session.ts';
import { staffRecords } from '../data/record.ts';
import { baseProperties } from '../map/layers/common.ts';
import type { MapController } from '../map/controller.ts';
import type { DrawnLayer } from '../map/layers/types.ts';
import { createRuntime, projectors, type Runtime } from '../runtime.ts';
import { staffPersistence } from '../sync/localStore.ts';
import { Editor } from './editor.ts';
import { UiStore } from './uiState.ts';

/** The staff workspace keeps needs too: they are not a map layer of their own, but listed, matched and charted. */
export type WorkspaceLayer = DrawnLayer | 'need';

/**
 * The staff page's objects outside React, created once by its entry:
 * - `runtime`: the connections (document and presence scope) and the merged feature view;
 * - `editor`: every write, validated, with per-user undo;
 * - `ui`: this tab's session state (selection, filter, open panel, tool).
 * The map controller arrives later (MapLibre loads as its own chunk): `controller()`.
 */
export type Workspace = {
  /** The staff token, for the HTTP APIs (history, audit); null for a visitor. */
  token: string | null;
  runtime: Runtime<WorkspaceLayer>;
  editor: Editor;
  ui: UiStore;
  controller(): MapController | null;
  setController(controller: MapController | null): void;
  destroy(): void;
};

export function createWorkspace(token: string | null): Workspace {
  // Writable rooms are kept in IndexedDB from the start, so an edit made offline survives a reload.
  const runtime = createRuntime<WorkspaceLayer>({
    token,
    projectors: { ...projectors(), need: baseProperties },
    reader: staffRecords,
    fetchSession,
    persistence: staffPersistence,
  });
  const editor = new Editor(runtime.sync);
  const ui = new UiStore();
  let controller: MapController | null = null;
  return {
    token,
    runtime,
    editor,
    ui,
    controller: () => controller,
    setController: (c) => (controller = c),
    destroy: () => {
      editor.destroy();
      runtime.destroy();
    },
  };
}
