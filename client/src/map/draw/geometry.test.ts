import { describe, expect, it } from 'vitest';
import { cleanPolygon, fromTerraFeature, isEditable, pointAt, toTerraFeature } from './geometry.ts';
import { polygonProblem } from './polygonProblem.ts';

const square: [number, number][] = [
  [117.1, 36.6],
  [117.2, 36.6],
  [117.2, 36.7],
  [117.1, 36.7],
];

describe('drawn geometry', () => {
  it('rounds a placed point to 7 decimals (pointer noise is not data)', () => {
    expect(pointAt(117.123456789, 36.987654321)).toEqual({ type: 'Point', coordinates: [117.1234568, 36.9876543] });
  });

  it('closes an open ring and drops repeated corners', () => {
    const ring: [number, number][] = [square[0]!, square[1]!, square[1]!, square[2]!, square[3]!];
    expect(cleanPolygon(ring).coordinates[0]).toEqual([...square, square[0]]);
    // An already closed ring is not closed twice.
    expect(cleanPolygon([...square, square[0]!]).coordinates[0]).toHaveLength(5);
  });

  it('accepts a square and refuses fewer than three distinct corners', () => {
    expect(polygonProblem(cleanPolygon(square))).toBeNull();
    expect(polygonProblem(cleanPolygon([square[0]!, square[1]!, square[1]!, square[0]!]))).toBe('tooFew');
    expect(polygonProblem({ type: 'Polygon', coordinates: [[square[0]!, square[1]!, square[0]!, square[1]!]] })).toBe('tooFew');
    expect(polygonProblem({ type: 'Polygon', coordinates: [] })).toBe('tooFew');
  });

  it('refuses a bow-tie whose edges cross (terra-draw’s own check)', () => {
    const bowTie: [number, number][] = [square[0]!, square[2]!, square[1]!, square[3]!];
    expect(polygonProblem(cleanPolygon(bowTie))).toBe('selfIntersecting');
  });

  it('refuses a ring that does not close', () => {
    expect(polygonProblem({ type: 'Polygon', coordinates: [[...square, [117.15, 36.65]]] })).toBe('notClosed');
  });

  it('round-trips points and polygons through terra-draw’s feature shape', () => {
    const point = { type: 'Point' as const, coordinates: [117.15, 36.65] as [number, number] };
    const f = toTerraFeature('x', point);
    expect(f.properties.mode).toBe('point');
    expect(fromTerraFeature(f)).toEqual(point);
    const polygon = cleanPolygon(square);
    const g = toTerraFeature('y', polygon);
    expect(g.properties.mode).toBe('polygon');
    expect(fromTerraFeature(g)).toEqual(polygon);
    expect(fromTerraFeature({ geometry: { type: 'LineString', coordinates: square } })).toBeNull();
  });

  it('edits points and one-ring polygons only', () => {
    expect(isEditable({ type: 'Point', coordinates: [1, 2] })).toBe(true);
    expect(isEditable(cleanPolygon(square))).toBe(true);
    expect(isEditable({ type: 'MultiPolygon', coordinates: [[[...square, square[0]]]] })).toBe(false);
    expect(isEditable({ type: 'Polygon', coordinates: [[...square, square[0]], [...square, square[0]]] })).toBe(false);
    expect(isEditable(null)).toBe(false);
  });
});
