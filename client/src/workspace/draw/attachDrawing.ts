import type { MapController } from '../../map/controller.ts';
import type { Workspace } from '../workspace.ts';

/** STUB (helper B replaces): connect terra-draw to the map for the workspace's tools. Returns a detach function. */
export function attachDrawing(_ws: Workspace, _controller: MapController): () => void {
  return () => {};
}
