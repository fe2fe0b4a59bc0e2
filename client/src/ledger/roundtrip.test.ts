import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Feature } from '../../../model/index.ts';
import { parseCsv } from './csv.ts';
import { exportCsv, exportGeoJson, exportXlsx, featuresFromDocs, ledgerTable } from './exportLayer.ts';
import { previewGeoJson, toGeoJsonFeature } from './geojson.ts';
import { previewTables } from './importRows.ts';
import { LEDGER_LAYERS, type LedgerLayer } from './labels.ts';
import { admin, contextFor, docsWith, seedFeatures, shunhualuEditor } from './testFixtures.ts';
import type { ImportPreview } from './types.ts';
import { readXlsx } from './xlsx.ts';

/** The seed with private fields on a few features, so their columns have something to carry. */
function world() {
  const features = seedFeatures().map((feature): Feature => {
    // A public address beside the private fields: it must round-trip in public exports too.
    if (feature.id === 'venue-fengyuan-activity-room' && feature.layer === 'venue') return { ...feature, address: '测试路 1 号', private: { phone: '0531-8888 0000', notes: '钥匙在门卫，\n周末找值班员' } };
    if (feature.layer === 'partner' && feature.kind === 'person' && !feature.private) return { ...feature, private: { contact: '本人', address: '某小区 1 号楼' } };
    return feature;
  });
  const docs = docsWith(features);
  const ctx = contextFor(docs, admin);
  return { docs, ctx, existing: featuresFromDocs(docs.values()) };
}

const countOf = (features: readonly Feature[], layer: LedgerLayer) => features.filter((f) => f.layer === layer).length;

function expectAllUnchanged(preview: ImportPreview, expected: number) {
  const notUnchanged = preview.rows.filter((r) => r.status !== 'unchanged').map((r) => ({ sheet: r.sheet, row: r.row, status: r.status, errors: r.errors, changes: r.changes }));
  expect(notUnchanged).toEqual([]);
  expect(preview.counts.unchanged).toBe(expected);
  for (const sheet of preview.sheets) expect(sheet.ignoredColumns).toEqual([]);
}

describe('export → import round-trips the seed with no change', () => {
  it('has every ledger layer of the seed (guards the test itself)', () => {
    const { existing } = world();
    expect(LEDGER_LAYERS.map((layer) => countOf(existing, layer))).toEqual([202, 4, 24, 15, 0]);
  });

  for (const includePrivate of [true, false]) {
    it(`CSV, every layer${includePrivate ? ', private columns included' : ', public columns only (private fields are kept, not wiped)'}`, () => {
      const { ctx, existing } = world();
      for (const layer of LEDGER_LAYERS) {
        const csv = exportCsv(existing, layer, { includePrivate });
        expectAllUnchanged(previewTables([parseCsv(csv, `${layer}.csv`)], ctx), countOf(existing, layer));
      }
    });

    it(`XLSX, one workbook with a sheet per layer${includePrivate ? ', private columns included' : ''}`, async () => {
      const { ctx, existing } = world();
      const tables = await readXlsx(await exportXlsx(existing, LEDGER_LAYERS, { includePrivate }));
      expect(tables.map((t) => [t.sheet, t.layer])).toEqual([
        ['社区', 'community'],
        ['阵地', 'venue'],
        ['合伙人', 'partner'],
        ['活动', 'activity'],
        ['需求', 'need'],
      ]);
      expectAllUnchanged(previewTables(tables, ctx), existing.filter((f) => f.layer !== 'zone' && f.layer !== 'street').length);
    });

    it(`GeoJSON, every layer${includePrivate ? ', private fields included' : ''}`, () => {
      const { ctx, existing } = world();
      for (const layer of LEDGER_LAYERS) {
        const text = exportGeoJson(existing, layer, { includePrivate });
        expectAllUnchanged(previewGeoJson(text, ctx, { sheet: `${layer}.geojson`, layer }), countOf(existing, layer));
      }
    });
  }

  it('an editor re-imports a whole-zone export: other streets’ rows are unchanged, an edit of one is refused', () => {
    const { docs, existing } = world();
    const ctx = contextFor(docs, shunhualuEditor);
    const csv = exportCsv(existing, 'activity');
    expectAllUnchanged(previewTables([parseCsv(csv, 'a.csv')], ctx), countOf(existing, 'activity'));

    const edited = csv.replace('四点半小课堂', '四点半小课堂（改）');
    const changed = previewTables([parseCsv(edited, 'a.csv')], ctx).rows.filter((r) => r.status !== 'unchanged');
    expect(changed.map((r) => [r.status, r.errors])).toEqual([['error', [{ column: '街道', message: '无权编辑该街道（孙村街道）' }]]]);
  });

  it('XLSX cells read back as the same text as the CSV cells (numbers, multi-line notes, lists)', async () => {
    const { existing } = world();
    const tables = await readXlsx(await exportXlsx(existing, LEDGER_LAYERS, { includePrivate: true }));
    for (const layer of LEDGER_LAYERS) {
      const expected = ledgerTable(existing, layer, { includePrivate: true });
      const actual = tables.find((t) => t.layer === layer)!;
      expect(actual.header).toEqual(expected.header);
      expect(actual.rows).toEqual(expected.rows.map((r) => ({ ...r, cells: padTo(r.cells, expected.header.length) })));
    }
  });

  it('writes GeoJSON features exactly as the seed files are written (properties = model fields, same key order)', () => {
    for (const file of ['venues', 'partners', 'activities', 'communities']) {
      const seed = JSON.parse(readFileSync(new URL(`../../../data/seed/${file}.geojson`, import.meta.url), 'utf8')) as { features: Array<{ id: string }> };
      const ours = new Map(seedFeatures().map((f) => [f.id, toGeoJsonFeature(f)]));
      for (const raw of seed.features) expect(JSON.stringify(ours.get(raw.id))).toBe(JSON.stringify(raw));
    }
  });
});

function padTo(cells: string[], length: number): string[] {
  return [...cells, ...Array<string>(Math.max(0, length - cells.length)).fill('')];
}

describe('private columns', () => {
  it('are absent unless includePrivate, in every format', async () => {
    const { existing } = world();
    const secrets = ['0531-8888 0000', '钥匙在门卫', '某小区 1 号楼'];
    for (const layer of LEDGER_LAYERS) {
      const publicCsv = exportCsv(existing, layer);
      for (const header of ['联系人', '电话', '联系地址', '备注']) expect(publicCsv.split('\r\n')[0]).not.toContain(header);
      for (const secret of secrets) expect(publicCsv).not.toContain(secret);
      expect(exportGeoJson(existing, layer)).not.toContain('"private"');
    }
    const publicBook = await readXlsx(await exportXlsx(existing));
    expect(JSON.stringify(publicBook)).not.toMatch(/电话|0531-8888|钥匙在门卫/);

    const staffCsv = exportCsv(existing, 'venue', { includePrivate: true });
    expect(staffCsv.split('\r\n')[0]).toBe(
      '\ufeff编号,名称,街道,社区,类型,地址,面积(m²),容纳人数,藏书,开放时间,口号,简介,经度,纬度,数据依据,出处,联系人,电话,联系地址,备注',
    );
    expect(staffCsv).toContain('"钥匙在门卫，\n周末找值班员"');
    expect(exportGeoJson(existing, 'venue', { includePrivate: true })).toContain('"phone": "0531-8888 0000"');
  });

  it('carry the public 地址 in public exports, and never a person’s', () => {
    const { existing } = world();
    expect(exportCsv(existing, 'venue')).toContain('测试路 1 号');
    expect(exportCsv(existing, 'partner', { includePrivate: true }).split('\r\n')[0]).toContain(',地址,');
  });

  it('read an older sheet’s 地址 (beside 联系人, 电话, 备注, no 联系地址) as the private address, never as the public one', () => {
    const { ctx, existing } = world();
    const person = existing.find((f) => f.layer === 'partner' && f.kind === 'person' && f.private?.address)!;
    const venue = existing.find((f) => f.id === 'venue-fengyuan-activity-room')!;
    // The layout exported before issue 14: the private columns 联系人, 电话, 地址, 备注.
    const old = (layer: LedgerLayer, id: string, address: string) => {
      const table = ledgerTable(existing, layer, { includePrivate: true });
      const header = table.header.filter((h) => h !== '地址').map((h) => (h === '联系地址' ? '地址' : h));
      const row = table.rows.find((r) => r.cells[0] === id)!;
      const cells = table.header.flatMap((h, i) => (h === '地址' ? [] : [h === '联系地址' ? address : row.cells[i]!]));
      return { ...table, header, rows: [{ row: 2, cells }] };
    };
    const people = previewTables([old('partner', person.id, '另一小区 2 号楼')], ctx);
    expect(people.rows[0]).toMatchObject({ status: 'update', errors: [] });
    expect(people.rows[0]!.feature).toMatchObject({ private: { address: '另一小区 2 号楼' } });
    expect(people.rows[0]!.feature).not.toHaveProperty('address');
    const venues = previewTables([old('venue', venue.id, '内部地址')], ctx);
    expect(venues.rows[0]!.feature).toMatchObject({ address: '测试路 1 号', private: { address: '内部地址' } });

    // Without private columns 地址 is the public address: a person's is refused, in words.
    const publicSheet = ledgerTable(existing, 'partner');
    const at = publicSheet.header.indexOf('地址');
    const row = publicSheet.rows.find((r) => r.cells[0] === person.id)!;
    const refused = previewTables([{ ...publicSheet, rows: [{ ...row, cells: row.cells.map((c, i) => (i === at ? '某小区 1 号楼' : c)) }] }], ctx);
    expect(refused.rows[0]!.errors).toEqual([{ column: '地址', message: '个人合伙人不公开地址，请留空（需要时填在内部信息的联系地址）' }]);
  });

  it('never writes a person partner’s name into another sheet: references to people are ids', () => {
    const { existing } = world();
    const people = existing.filter((f) => f.layer === 'partner' && f.kind === 'person').map((f) => f.name);
    expect(people.length).toBeGreaterThan(0);
    const activities = exportCsv(existing, 'activity');
    for (const name of people) expect(activities).not.toContain(name);
    // …while organisations are referred to by their (unique) names, as staff write them.
    expect(activities).toContain('山东出版传媒股份有限公司');
  });
});

describe('CSV export format', () => {
  it('is UTF-8 with a BOM and CRLF, figures as 1200+ / 约1000, lists with 、', () => {
    const { existing } = world();
    const csv = exportCsv(existing, 'activity');
    expect(csv.startsWith('\ufeff编号,名称,街道,类别,社区,阵地,合伙人,日期,年度,时间安排,项目种类,场次,参与人次,简介,经度,纬度,数据依据,出处\r\n')).toBe(true);
    const venues = exportCsv(existing, 'venue');
    expect(venues).toContain(',约1000,');
    expect(exportCsv(existing, 'partner')).toMatch(/activities：600\+；attendance：10000\+/);
    // A service that contains 、 switches the list to ；.
    expect(exportCsv(existing, 'partner')).toContain('协调60平方米活动室供居民使用；对接花艺师、美术教师、书法家等公益热心人开展社区活动');
  });
});
