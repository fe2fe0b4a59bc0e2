import { STREETS, type Geometry } from '../../../model/index.ts';
import { boundsOf, type Bounds } from './bounds.ts';

/**
 * What the staff map frames first: an editor's own subdistrict, everyone else the five
 * subdistricts (the zone's outline also holds the unpopulated 长清 exclave, which would leave most
 * of the map empty). Null until it is known, and the map frames only once, so never from part of
 * the data: each street's outline lives in its own room, and a room reported synced is indexed up
 * to a frame later (`indexPending`). Framing from the streets indexed so far once opened the map
 * zoomed on two of the five on a busy machine.
 */
export function firstFrame(
  streets: Array<{ street: unknown; geometry: Geometry }>,
  { ownStreet, allSynced, indexPending }: { ownStreet: string | null; allSynced: boolean; indexPending: boolean },
): Bounds | null {
  const shown = streets.filter((s) => !ownStreet || s.street === ownStreet);
  // All five are there, or every room has arrived and been indexed (a street may have no outline).
  const complete = ownStreet ? shown.length > 0 : shown.length >= STREETS.length || (allSynced && !indexPending);
  return complete ? boundsOf(shown.map((s) => s.geometry)) : null;
}
