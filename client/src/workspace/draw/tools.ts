import type { Layer } from '../../../../model/index.ts';
import { isEditable } from '../../map/draw/geometry.ts';
import type { DrawTool } from '../uiState.ts';

/** The layers a new point feature can be placed for, in toolbar order. */
export const PLACEABLE = ['venue', 'partner', 'activity', 'need'] as const satisfies readonly Layer[];

/**
 * The layers 在我的位置新增 offers: what staff record where they stand (a venue they visit, an
 * activity under way, a resident's need). Not partners: a partner's point is its organisation's
 * or person's place, not the visitor's.
 */
export const PLACEABLE_HERE: readonly Layer[] = ['venue', 'activity', 'need'];

/** What the toolbar knows of the selected feature. */
export type Selected = { id: string; layer: string; street: string | null; name: string; geometry: unknown };

export type Why = 'noSelection' | 'notCommunity' | 'cannotWrite' | 'notEditable' | 'noRoom';

/** Whether each tool applies now, and if not, why (the button's tooltip). */
export type ToolAvailability = { place: Why | null; boundary: Why | null; reshape: Why | null; remove: Why | null };

export function availability(selected: Selected | null, canWriteStreet: (street: string | null) => boolean, canAdd: boolean): ToolAvailability {
  const writable: Why | null = !selected ? 'noSelection' : canWriteStreet(selected.street) ? null : 'cannotWrite';
  return {
    place: canAdd ? null : 'noRoom',
    boundary: writable ?? (selected!.layer === 'community' ? null : 'notCommunity'),
    reshape: writable ?? (isEditable(selected!.geometry) ? null : 'notEditable'),
    remove: writable,
  };
}

/** The same tool (a new object with equal fields is not a new tool). */
export function sameTool(a: DrawTool | null, b: DrawTool | null): boolean {
  if (!a || !b) return a === b;
  if (a.kind === 'place' && b.kind === 'place') return a.layer === b.layer;
  if (a.kind === 'boundary' && b.kind === 'boundary') return a.communityId === b.communityId;
  if (a.kind === 'reshape' && b.kind === 'reshape') return a.id === b.id;
  return false;
}

/** The stored feature as the toolbar needs it, from the editor's plain JSON. */
export function selectedOf(id: string | null, json: Record<string, unknown> | null | undefined): Selected | null {
  if (!id || !json) return null;
  return {
    id,
    layer: typeof json.layer === 'string' ? json.layer : '',
    street: typeof json.street === 'string' ? json.street : null,
    name: typeof json.name === 'string' ? json.name : id,
    geometry: json.geometry,
  };
}
