import { describe, expect, it } from 'vitest';
import { featuresOf, type RoomName } from '../../../model/index.ts';
import { applyImport } from './applyImport.ts';
import { GeoJsonError, previewGeoJson } from './geojson.ts';
import { admin, contextFor, docsWith, shunhualuEditor, smallWorld } from './testFixtures.ts';

const point = (lng: number, lat: number) => ({ type: 'Point', coordinates: [lng, lat] });

describe('GeoJSON import', () => {
  it('previews features like rows: errors by Chinese label, other layers reported, unknown properties ignored', () => {
    const docs = docsWith(smallWorld());
    const collection = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', id: 'activity-reading', properties: { layer: 'activity', name: '读书会', street: 'shunhualu', category: '阅读', year: 2024, community: 'community-fy', venue: null, fid: 7 }, geometry: point(117.13, 36.68) },
        { type: 'Feature', id: 'activity-bad', properties: { layer: 'activity', name: '坏数', street: 'shunhualu', category: '阅读', year: 2024, community: 'community-nowhere', venue: null, attendance: { value: -3, atLeast: false } }, geometry: point(117.13, 36.68) },
        { type: 'Feature', id: 'street-x', properties: { layer: 'street', name: '某街道', street: 'shunhualu' }, geometry: point(117.13, 36.68) },
        { type: 'Feature', properties: { name: '无图层' }, geometry: point(117.13, 36.68) },
      ],
    };
    const preview = previewGeoJson(JSON.stringify(collection), contextFor(docs, shunhualuEditor), { sheet: 'a.geojson' });
    expect(preview.rows.map((r) => [r.row, r.status, r.errors])).toEqual([
      [1, 'new', []],
      [
        2,
        'error',
        [
          { column: '参与人次', message: '参与人次必须是非负整数，例如 1200 或 1200+' },
          { column: '社区', message: '社区“community-nowhere”不存在' },
        ],
      ],
    ]);
    expect(preview.sheets[0]).toMatchObject({
      layer: 'activity',
      ignoredColumns: ['fid'],
      problems: ['第 3 个要素图层 street，只能导入社区、阵地、合伙人、活动、需求，已跳过', '第 4 个要素未标明图层（layer），只能导入社区、阵地、合伙人、活动、需求，已跳过'],
    });
  });

  it('checks references by id and writes only valid features', () => {
    const docs = docsWith(smallWorld());
    const collection = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', id: 'need-1', properties: { name: '老人助餐', street: 'shunhualu', community: 'community-fy', description: '午餐', status: 'open' }, geometry: point(117.13, 36.68) },
        { type: 'Feature', id: 'need-2', properties: { name: '修路灯', street: 'shunhualu', community: 'community-nowhere', description: '', status: 'open', matchedPartner: 'partner-nobody' }, geometry: point(117.13, 36.68) },
      ],
    };
    const preview = previewGeoJson(collection, contextFor(docs, admin), { layer: 'need' });
    expect(preview.rows[1]!.errors).toEqual([
      { column: '社区', message: '社区“community-nowhere”不存在' },
      { column: '对接合伙人', message: '对接合伙人“partner-nobody”不存在' },
    ]);
    applyImport(preview, (room: RoomName) => docs.get(room), { principal: admin });
    const stored = featuresOf(docs.get('street:shunhualu')!);
    expect(stored.get('need-1')!.toJSON()).toMatchObject({ name: '老人助餐', status: 'open', provenance: 'staff', matchedPartner: null });
    expect(stored.has('need-2')).toBe(false);
  });

  it('null clears an optional property (and a nullable one is set to null); no geometry keeps the stored one', () => {
    const docs = docsWith(smallWorld());
    const collection = { type: 'FeatureCollection', features: [{ type: 'Feature', id: 'venue-fengyuan', properties: { layer: 'venue', areaM2: null, community: null }, geometry: null }] };
    const [row] = previewGeoJson(collection, contextFor(docs, admin)).rows;
    expect(row).toMatchObject({ status: 'update', changes: { areaM2: undefined, community: null } });
  });

  it('refuses what is not a FeatureCollection', () => {
    const docs = docsWith(smallWorld());
    expect(() => previewGeoJson('{"type":"Feature"}', contextFor(docs, admin))).toThrow(GeoJsonError);
    expect(() => previewGeoJson('not json', contextFor(docs, admin))).toThrow('不是有效的 GeoJSON');
  });
});
