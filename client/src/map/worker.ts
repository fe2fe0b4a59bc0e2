import { setWorkerUrl } from 'maplibre-gl';
// The worker bundle, emitted by Vite next to our own assets: MapLibre would otherwise derive
// its URL from its own module URL, which a bundle does not keep.
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';

let configured = false;

export function configureMapLibre(): void {
  if (configured) return;
  configured = true;
  setWorkerUrl(workerUrl);
}
