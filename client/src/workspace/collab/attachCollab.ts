import type { MapController } from '../../map/controller.ts';
import type { Workspace } from '../workspace.ts';

/** STUB (helper D replaces): publish this tab's cursor/selection/view; draw colleagues' cursors and selections; follow. */
export function attachCollab(_ws: Workspace, _controller: MapController): () => void {
  return () => {};
}
