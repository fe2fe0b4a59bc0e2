import type { MapLibreMap, Popup, PointLike } from 'maplibre-gl';

/** How close to the pointer (CSS px) a point counts as under it: about a marker's radius. */
const NEAR_PX = 7;

export type StackItem = { id: string; layer: string; name: string };

/**
 * The distinct point features under a click, topmost first. At the zone's scale, partners of one
 * community sit within a few metres of each other (one pixel apart): the topmost alone would leave
 * the others unreachable without zooming far in.
 */
export function pointsNear(map: MapLibreMap, point: { x: number; y: number }, layers: string[]): StackItem[] {
  if (!layers.length) return [];
  const box: [PointLike, PointLike] = [
    [point.x - NEAR_PX, point.y - NEAR_PX],
    [point.x + NEAR_PX, point.y + NEAR_PX],
  ];
  const seen = new Set<string>();
  const items: StackItem[] = [];
  for (const f of map.queryRenderedFeatures(box, { layers })) {
    const { id, layer, name } = f.properties ?? {};
    if (typeof id !== 'string' || typeof layer !== 'string' || seen.has(id)) continue;
    seen.add(id);
    items.push({ id, layer, name: typeof name === 'string' ? name : id });
  }
  return items;
}

/**
 * A small list over the map, one button per feature of a stack, to pick one. Built from DOM nodes
 * with textContent: names are user-edited, never HTML. Escape or a click elsewhere closes it.
 */
export function showStackChooser(
  popup: Popup,
  map: MapLibreMap,
  lngLat: [number, number],
  words: { title: string; layer(layer: string): string },
  items: StackItem[],
  onPick: (item: StackItem) => void,
): void {
  const root = document.createElement('div');
  root.className = 'srx-stack';
  root.setAttribute('data-testid', 'stack-chooser');
  const heading = document.createElement('p');
  heading.className = 'srx-stack__title';
  heading.textContent = words.title;
  root.append(heading);
  const list = document.createElement('ul');
  list.className = 'srx-stack__list';
  for (const item of items) {
    const li = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'srx-stack__item';
    const name = document.createElement('span');
    name.textContent = item.name;
    const kind = document.createElement('span');
    kind.className = 'srx-stack__kind';
    kind.textContent = words.layer(item.layer);
    button.append(name, kind);
    button.dataset.id = item.id;
    button.dataset.layer = item.layer;
    button.addEventListener('click', () => {
      popup.remove();
      onPick(item);
    });
    li.append(button);
    list.append(li);
  }
  root.append(list);
  root.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      popup.remove();
      map.getCanvas().focus();
    }
  });
  popup.setLngLat(lngLat).setDOMContent(root).addTo(map);
  root.querySelector('button')?.focus();
}
