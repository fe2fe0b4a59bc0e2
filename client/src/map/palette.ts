import type { ExpressionSpecification } from 'maplibre-gl';
import { palette } from '../../../model/palette.ts';

/**
 * The map's colours live in model/palette.ts (the server's share card draws the zone in them
 * too); the map layers and the legend take them from here.
 */
export { palette, PARTNER_COLOURS, STREET_COLOURS, VENUE_COLOURS } from '../../../model/palette.ts';

/** A MapLibre `match` expression over a property, from a colour table. */
export function matchColour(property: string, table: Record<string, string>): ExpressionSpecification {
  const pairs = Object.entries(table).flat();
  // The spec's tuple type cannot express a variable number of match arms.
  return ['match', ['get', property], ...pairs, palette.fallback] as unknown as ExpressionSpecification;
}
