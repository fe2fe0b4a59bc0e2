import type { SymbolLayerSpecification } from 'maplibre-gl';
import type { DrawProperties } from '../../data/geojson.ts';
import type { FeatureRecord } from '../../data/record.ts';
import type { MapTheme } from '../palette.ts';

/** The properties every layer draws with: enough to label a feature and find it on click. */
export function baseProperties(record: FeatureRecord): DrawProperties {
  return {
    id: record.id,
    layer: record.layer,
    name: record.name,
    room: record.room,
    street: typeof record.fields.street === 'string' ? record.fields.street : null,
  };
}

export function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** The value of a figure field ({ value, atLeast }) or null. */
export function figureValue(value: unknown): number | null {
  if (value && typeof value === 'object' && 'value' in value && typeof value.value === 'number') return value.value;
  return null;
}

export function labelPaint(theme: MapTheme) {
  return {
    'text-color': theme.label,
    'text-halo-color': theme.labelHalo,
    'text-halo-width': 1.6,
    'text-halo-blur': 0.4,
  } as const;
}

/** A point layer's name label: placed beside the circle, on whichever side has room. */
export function pointLabel(
  font: string,
  theme: MapTheme,
  opts: { id: string; source: string; minzoom: number; size: number; anchors: Array<'left' | 'right' | 'top' | 'bottom'> },
): SymbolLayerSpecification {
  return {
    id: opts.id,
    type: 'symbol',
    source: opts.source,
    minzoom: opts.minzoom,
    layout: {
      'text-field': ['get', 'name'],
      'text-font': [font],
      'text-size': opts.size,
      'text-variable-anchor': opts.anchors,
      'text-radial-offset': 0.9,
      'text-max-width': 9,
    },
    paint: labelPaint(theme),
  };
}
