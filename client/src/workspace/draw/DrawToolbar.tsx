import type { Workspace } from '../workspace.ts';

/** STUB (helper B replaces): buttons to place a new venue/partner/activity/need, draw a boundary, reshape, delete. */
export function DrawToolbar(_: { ws: Workspace }) {
  return null;
}
