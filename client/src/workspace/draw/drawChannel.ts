import type { PolygonProblem } from '../../map/draw/geometry.ts';
import type { Workspace } from '../workspace.ts';

/**
 * What the active drawing tool reports to the toolbar (ready, corners drawn, why it cannot be
 * saved) and the toolbar's one request back (完成: commit the reshaped geometry). Session state of
 * this tab, like the UiStore, kept beside it because only the drawing code and its toolbar use it.
 */
export type DrawStatus = {
  /** terra-draw is on the map and takes the pointer. */
  ready: boolean;
  /** Corners committed so far while drawing a boundary. */
  corners: number;
  /** The shape as it is now cannot be saved, and why. */
  problem: PolygonProblem | null;
  /** The last write was refused (the editor's Chinese message). */
  error: string | null;
};

export const IDLE: DrawStatus = { ready: false, corners: 0, problem: null, error: null };

export class DrawChannel {
  private status: DrawStatus = IDLE;
  private readonly listeners = new Set<() => void>();
  private commitHandler: (() => void) | null = null;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): DrawStatus => this.status;

  set(patch: Partial<DrawStatus>): void {
    const next = { ...this.status, ...patch };
    if ((Object.keys(patch) as Array<keyof DrawStatus>).every((k) => next[k] === this.status[k])) return;
    this.status = next;
    for (const listener of this.listeners) listener();
  }

  reset(): void {
    this.set(IDLE);
  }

  /** The drawing code says what 完成 does (null: nothing to commit). */
  onCommit(handler: (() => void) | null): void {
    this.commitHandler = handler;
  }

  commit(): void {
    this.commitHandler?.();
  }
}

const channels = new WeakMap<Workspace, DrawChannel>();

/** The channel of a workspace (one per tab). */
export function drawChannel(ws: Workspace): DrawChannel {
  let channel = channels.get(ws);
  if (!channel) channels.set(ws, (channel = new DrawChannel()));
  return channel;
}
