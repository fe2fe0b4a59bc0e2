import type { MapController } from '../../map/controller.ts';
import type { Peer } from '../../sync/peers.ts';

const SVG = 'http://www.w3.org/2000/svg';

/**
 * Colleagues' pointers on the map: a small arrow in their colour with their name, as plain DOM
 * over the canvas (like a MapLibre Marker, without pulling MapLibre into this chunk). Names are
 * user data: set with textContent, never as HTML.
 */
export class CursorLayer {
  private readonly root: HTMLDivElement;
  private readonly shown = new Map<number, { el: HTMLDivElement; label: HTMLSpanElement; arrow: SVGPathElement; peer: Peer }>();

  constructor(private readonly controller: MapController) {
    this.root = document.createElement('div');
    this.root.className = 'collab-cursors';
    this.root.setAttribute('aria-hidden', 'true');
    controller.map.getContainer().append(this.root);
    controller.map.on('move', this.place);
    controller.map.on('resize', this.place);
  }

  update(peers: readonly Peer[]): void {
    const live = new Set<number>();
    for (const peer of peers) {
      if (!peer.cursor) continue;
      live.add(peer.clientId);
      let entry = this.shown.get(peer.clientId);
      if (!entry) {
        entry = this.create(peer);
        this.shown.set(peer.clientId, entry);
      }
      entry.peer = peer;
      entry.label.textContent = peer.user.name;
      entry.label.style.background = peer.user.color;
      entry.arrow.setAttribute('fill', peer.user.color);
      this.position(entry.el, peer);
    }
    // Gone, or pointer off the map: no stale arrow left behind.
    for (const [id, entry] of this.shown) {
      if (live.has(id)) continue;
      entry.el.remove();
      this.shown.delete(id);
    }
  }

  destroy(): void {
    this.controller.map.off('move', this.place);
    this.controller.map.off('resize', this.place);
    this.root.remove();
    this.shown.clear();
  }

  private create(peer: Peer) {
    const el = document.createElement('div');
    el.className = 'collab-cursor';
    el.dataset.testid = 'collab-cursor';
    el.dataset.clientId = String(peer.clientId);
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('width', '16');
    svg.setAttribute('height', '20');
    svg.setAttribute('viewBox', '0 0 16 20');
    const arrow = document.createElementNS(SVG, 'path');
    // The tip is at (1, 1): the element's origin is the pointer's position.
    arrow.setAttribute('d', 'M1 1 L1 16 L5 12 L8 19 L11 18 L8 11 L14 11 Z');
    arrow.setAttribute('stroke', '#0b1220');
    arrow.setAttribute('stroke-width', '1.2');
    svg.append(arrow);
    const label = document.createElement('span');
    label.className = 'collab-cursor__name';
    el.append(svg, label);
    this.root.append(el);
    return { el, label, arrow, peer };
  }

  private position(el: HTMLElement, peer: Peer): void {
    if (!peer.cursor) return;
    const p = this.controller.project(peer.cursor.lng, peer.cursor.lat);
    el.style.transform = `translate(${Math.round(p.x - 1)}px, ${Math.round(p.y - 1)}px)`;
  }

  private readonly place = (): void => {
    for (const { el, peer } of this.shown.values()) this.position(el, peer);
  };
}
