import type { MapController } from '../map/controller.ts';

export type MapImage = {
  /** A PNG of the map as last drawn (data: URL), or null before the first. */
  url: string | null;
  /** The picture was taken after the map's last change: what prints is what the data says now. */
  fresh: boolean;
  /** The attribution the map showed then (it is HTML beside the canvas, not in the picture). */
  attribution: string;
};

const EMPTY: MapImage = { url: null, fresh: false, attribution: '' };

/**
 * The map as a picture for print. A WebGL canvas prints blank (its drawing buffer is cleared once
 * shown), so each time MapLibre goes idle after a change the canvas is read inside a `render`
 * event, while the frame just drawn is still in the buffer (no `preserveDrawingBuffer`, which
 * would cost every frame), and the page shows and prints that image instead of the canvas.
 * The repaint it asks for is its own: that frame and the idle after it do not count as a change,
 * so it takes one picture per change, never a loop.
 */
export class MapPicture {
  private image: MapImage = EMPTY;
  private readonly listeners = new Set<() => void>();

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): MapImage => this.image;

  /** Take pictures of this map from now on; returns the detach. */
  attach(controller: MapController, container: HTMLElement): () => void {
    const map = controller.map;
    let dirty = true;
    let taking = false;
    const onRender = () => {
      if (taking) return;
      dirty = true;
      if (this.image.fresh) this.set({ ...this.image, fresh: false });
    };
    const onIdle = () => {
      if (!dirty || taking) return;
      dirty = false;
      taking = true;
      map.once('render', () => {
        taking = false;
        const canvas = map.getCanvas();
        // A map with no size (its box hidden) has nothing to show: keep the last picture.
        if (canvas.width === 0 || canvas.height === 0) return;
        const attribution = container.querySelector('.maplibregl-ctrl-attrib-inner')?.textContent?.trim() ?? '';
        this.set({ url: canvas.toDataURL('image/png'), fresh: true, attribution });
      });
      map.triggerRepaint();
    };
    // Registered before the one-off listener above, so a picture's own frame is seen as such.
    map.on('render', onRender);
    map.on('idle', onIdle);
    return () => {
      map.off('render', onRender);
      map.off('idle', onIdle);
      this.set(EMPTY);
    };
  }

  private set(image: MapImage): void {
    this.image = image;
    for (const listener of this.listeners) listener();
  }
}
