import type { MapLibreMap, StyleSpecification } from 'maplibre-gl';
import type { ResolvedBasemap } from '../../../model/index.ts';
import { basemapParts, styleParts, type BasemapLook, type BasemapParts } from './basemap.ts';

/**
 * Puts a basemap on a loaded map, under our layers, and takes it off again: the sources and
 * layers it added, and nothing else. Our sources, layers, filters, feature-state, overlays and a
 * terra-draw session stay as they are — the style is never replaced (`setStyle` would drop them).
 *
 * A style URL is fetched first; if another basemap is chosen meanwhile, the late answer is dropped.
 */
export class BasemapLayers {
  private added: BasemapParts = { sources: [], layers: [] };
  private shown: string | null = null;
  private turn = 0;

  constructor(
    private readonly map: MapLibreMap,
    /** The id of our lowest layer: the basemap goes right under it (our background stays under the basemap). */
    private readonly beneath: string,
    /** Called whenever the map was changed (the controller's settle tracking). */
    private readonly changed: () => void,
  ) {}

  /** The version of the basemap on the map now (null: none yet, or its style is still loading). */
  version(): string | null {
    return this.shown;
  }

  show(b: ResolvedBasemap, look: BasemapLook): void {
    const turn = ++this.turn;
    this.shown = null;
    this.remove();
    if (!b.styleUrl) {
      this.add(basemapParts(b, look));
      this.shown = b.version;
      return;
    }
    const url = b.styleUrl;
    void fetchStyle(url).then(
      (style) => {
        if (turn !== this.turn) return;
        this.add(styleParts(style, url, look, b.attribution));
        this.shown = b.version;
      },
      (err: unknown) => {
        if (turn !== this.turn) return;
        // Our map still works without its ground: say why in the console, show what we have.
        console.warn('basemap style could not be loaded', url, err);
        this.shown = b.version;
        this.changed();
      },
    );
  }

  private add(parts: BasemapParts): void {
    this.changed();
    for (const { id, spec } of parts.sources) this.map.addSource(id, spec);
    // Each one right under our lowest layer, so they keep their own order, bottom first.
    for (const layer of parts.layers) this.map.addLayer(layer, this.beneath);
    this.added = parts;
  }

  private remove(): void {
    if (!this.added.layers.length && !this.added.sources.length) return;
    this.changed();
    for (const layer of this.added.layers) if (this.map.getLayer(layer.id)) this.map.removeLayer(layer.id);
    for (const { id } of this.added.sources) if (this.map.getSource(id)) this.map.removeSource(id);
    this.added = { sources: [], layers: [] };
  }
}

async function fetchStyle(url: string): Promise<Pick<StyleSpecification, 'sources' | 'layers'>> {
  const res = await fetch(url, { credentials: 'omit', referrerPolicy: 'no-referrer' });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const style = (await res.json()) as Partial<StyleSpecification>;
  if (!style || typeof style.sources !== 'object' || !Array.isArray(style.layers)) throw new Error('not a MapLibre style');
  return { sources: style.sources, layers: style.layers };
}
