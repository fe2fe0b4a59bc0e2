import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { featuresOf, readFeatures, type RoomName } from '../../../model/index.ts';
import { applyImport } from './applyImport.ts';
import { decodeText, parseCsv } from './csv.ts';
import { previewTables } from './importRows.ts';
import { admin, contextFor, docsWith, fixtureText, shunhualuEditor, smallWorld } from './testFixtures.ts';
import type { ImportPreview } from './types.ts';

function setup() {
  const docs = docsWith(smallWorld());
  docs.set('street:suncun', docs.get('street:suncun') ?? new Y.Doc());
  return { docs, docFor: (room: RoomName) => docs.get(room) };
}

function previewFixture(docs: Map<RoomName, Y.Doc>, text = fixtureText('venues-bad-rows.csv')): ImportPreview {
  return previewTables([parseCsv(text, 'venues-bad-rows.csv', 'venue')], contextFor(docs, shunhualuEditor));
}

/** Row number → errors, for every row, as the preview lists them. */
function errorsByRow(preview: ImportPreview) {
  return Object.fromEntries(preview.rows.map((r) => [r.row, r.errors]));
}

describe('import preview of a venue ledger with bad rows (editor of 舜华路街道)', () => {
  it('lists exactly the expected errors per row, in Chinese, with sheet row numbers', () => {
    const { docs } = setup();
    const preview = previewFixture(docs);
    expect(errorsByRow(preview)).toEqual({
      2: [],
      3: [],
      4: [],
      // row 5 is blank: skipped, and the rows after it keep their Excel numbers
      6: [{ column: '名称', message: '名称不能为空' }],
      7: [{ column: '容纳人数', message: '容纳人数必须是非负整数，例如 1200 或 1200+' }],
      8: [{ column: '社区', message: '社区“火星社区”不存在' }],
      9: [{ column: '街道', message: '无权编辑该街道（孙村街道）' }],
      10: [{ column: '经度', message: '经度必须是数字，例如 117.13' }],
      11: [
        { column: '经度', message: '经度 121.5 不在本区范围内（116.7658–117.3669），请检查是否填错' },
        { column: '纬度', message: '纬度 31.2 不在本区范围内（36.4711–36.906），请检查是否填错' },
      ],
      12: [{ column: '经度', message: '经度和纬度可能填反了：本区经度约 117，纬度约 36' }],
      13: [{ column: '编号', message: '编号重复：第 14 行也使用了该编号' }],
      14: [{ column: '编号', message: '编号重复：第 13 行也使用了该编号' }],
      15: [{ column: '类型', message: '类型必须是以下之一：党群服务中心、活动室、阅览室、工作室、宣讲室、其他' }],
    });
    expect(preview.rows.map((r) => [r.row, r.status])).toEqual([
      [2, 'new'],
      [3, 'update'],
      [4, 'unchanged'],
      ...[6, 7, 8, 9, 10, 11, 12, 13, 14, 15].map((row) => [row, 'error']),
    ]);
    expect(preview.counts).toEqual({ new: 1, update: 1, unchanged: 1, error: 10, total: 13 });
    expect(preview.sheets).toEqual([{ sheet: 'venues-bad-rows.csv', layer: 'venue', rows: 13, ignoredColumns: [], problems: [] }]);
  });

  it('reads the good rows into model features: names resolved to ids, figures, private fields', () => {
    const { docs } = setup();
    const [created, updated] = previewFixture(docs).rows;
    expect(created!.id).toMatch(/^venue-shunhualu-[0-9a-z]{7}$/);
    expect(created!.room).toBe('street:shunhualu');
    expect(created!.feature).toEqual({
      id: created!.id,
      layer: 'venue',
      name: '玉兰社区读书角',
      street: 'shunhualu',
      provenance: 'staff',
      community: 'community-yl',
      venueType: '阅览室',
      areaM2: { value: 45, atLeast: false },
      capacity: { value: 20, atLeast: false },
      books: { value: 1000, atLeast: false, about: true },
      openingHours: '周一至周五 9:00-17:00',
      description: '居民捐书，"以书会友"',
      geometry: { type: 'Point', coordinates: [117.125, 36.672] },
      private: { contact: '王老师', phone: '0531-1234567' },
    });
    // Only what the row changes: the private note it repeats and every other field stay out.
    expect(updated!.changes).toEqual({ capacity: { value: 60, atLeast: true } });
  });

  it('generates the same id for a row without one on every import, so a re-import updates', () => {
    const { docs } = setup();
    expect(previewFixture(docs).rows[0]!.id).toBe(previewFixture(docs).rows[0]!.id);
  });

  it('an admin may write both streets: the 孙村 row becomes valid', () => {
    const { docs } = setup();
    const preview = previewTables([parseCsv(fixtureText('venues-bad-rows.csv'), 'v.csv', 'venue')], contextFor(docs, admin));
    expect(preview.rows.find((r) => r.row === 9)).toMatchObject({ status: 'new', room: 'street:suncun', errors: [] });
  });

  it('a viewer may write nothing: every row that would write is an error, the unchanged one stays unchanged', () => {
    const { docs } = setup();
    const viewer = { role: 'viewer' as const, sub: 'v', name: '查看' };
    const preview = previewTables([parseCsv(fixtureText('venues-bad-rows.csv'), 'v.csv', 'venue')], contextFor(docs, viewer));
    expect(preview.counts).toEqual({ new: 0, update: 0, unchanged: 1, error: 12, total: 13 });
    expect(preview.rows[1]!.errors).toEqual([{ column: '街道', message: '无权编辑该街道（舜华路街道）' }]);
  });

  it('reads the same file with a BOM and Windows line endings, as bytes', () => {
    const { docs } = setup();
    const plain = previewFixture(docs);
    const windows = `\ufeff${fixtureText('venues-bad-rows.csv').replace(/\n/g, '\r\n')}`;
    const decoded = decodeText(new TextEncoder().encode(windows));
    expect(decoded.startsWith('编号')).toBe(true);
    expect(previewFixture(docs, decoded)).toEqual(plain);
  });

  it('detects the layer from the header when none is given', () => {
    expect(parseCsv(fixtureText('venues-bad-rows.csv'), 'x.csv').layer).toBeUndefined();
    const { docs } = setup();
    const preview = previewTables([parseCsv(fixtureText('venues-bad-rows.csv'), 'x.csv')], contextFor(docs, shunhualuEditor));
    expect(preview.sheets[0]!.layer).toBe('venue');
    expect(preview.counts.total).toBe(13);
  });
});

describe('applyImport', () => {
  it('writes only the good rows, one transaction per room, and nothing into other rooms', () => {
    const { docs, docFor } = setup();
    const preview = previewFixture(docs);
    const shunhualu = docs.get('street:shunhualu')!;
    const suncun = docs.get('street:suncun')!;
    let transactions = 0;
    shunhualu.on('afterTransaction', () => transactions++);
    let suncunUpdates = 0;
    suncun.on('update', () => suncunUpdates++);

    const result = applyImport(preview, docFor, { principal: shunhualuEditor });

    expect(result).toEqual({ rooms: [{ room: 'street:shunhualu', created: 1, updated: 1 }], created: 1, updated: 1, skipped: [] });
    expect(transactions).toBe(1);
    expect(suncunUpdates).toBe(0);
    const { features, invalid } = readFeatures(shunhualu);
    expect(invalid).toEqual([]);
    const venues = features.filter((f) => f.layer === 'venue');
    expect(venues.map((v) => v.name).sort()).toEqual(['凤园社区活动室', '玉兰社区党群服务中心', '玉兰社区读书角'].sort());
    const fengyuan = venues.find((v) => v.id === 'venue-fengyuan')!;
    expect(fengyuan).toMatchObject({ capacity: { value: 60, atLeast: true }, areaM2: { value: 60, atLeast: false }, private: { notes: '钥匙在门卫' } });
    // None of the bad rows' names reached any doc.
    const everything = JSON.stringify([...docs.values()].map((d) => featuresOf(d).toJSON()));
    for (const name of ['社区小剧场', '火星活动室', '彩虹湖社区书屋', '坐标错误活动室', '远方活动室', '填反活动室', '重复一', '重复二', '城堡活动室']) {
      expect(everything).not.toContain(name);
    }
  });

  it('keeps a colleague’s concurrent edit of another field of the same feature', () => {
    const { docs, docFor } = setup();
    const preview = previewFixture(docs);
    const shunhualu = docs.get('street:shunhualu')!;
    // A colleague edits the opening hours after the preview was made, before it is applied.
    const colleague = new Y.Doc();
    Y.applyUpdate(colleague, Y.encodeStateAsUpdate(shunhualu));
    featuresOf(colleague).get('venue-fengyuan')!.set('openingHours', '每天 8:00-20:00');
    Y.applyUpdate(shunhualu, Y.encodeStateAsUpdate(colleague));

    applyImport(preview, docFor, { principal: shunhualuEditor });
    expect(featuresOf(shunhualu).get('venue-fengyuan')!.toJSON()).toMatchObject({
      openingHours: '每天 8:00-20:00',
      capacity: { value: 60, atLeast: true },
    });
  });

  it('skips an update whose feature was deleted meanwhile instead of writing half a feature', () => {
    const { docs, docFor } = setup();
    const preview = previewFixture(docs);
    featuresOf(docs.get('street:shunhualu')!).delete('venue-fengyuan');
    const result = applyImport(preview, docFor, { principal: shunhualuEditor });
    expect(result.skipped).toEqual([{ sheet: 'venues-bad-rows.csv', row: 3, id: 'venue-fengyuan', reason: '该记录已被他人删除，未重新创建' }]);
    expect(featuresOf(docs.get('street:shunhualu')!).has('venue-fengyuan')).toBe(false);
    expect(result.created).toBe(1);
  });

  it('re-checks permission and validity: a tampered preview writes nothing invalid or forbidden', () => {
    const { docs, docFor } = setup();
    const preview = previewFixture(docs);
    const good = preview.rows[0]!;
    const tampered: ImportPreview = {
      ...preview,
      rows: [
        { ...good, id: 'x-1', feature: { ...good.feature!, id: 'x-1', name: '' } },
        { ...good, id: 'x-2', room: 'street:suncun', feature: { ...good.feature!, id: 'x-2', street: 'suncun' } },
      ],
    };
    const result = applyImport(tampered, docFor, { principal: shunhualuEditor });
    expect(result.created).toBe(0);
    expect(result.skipped.map((s) => s.reason)).toEqual(['该行未通过校验', '无权编辑该街道']);
  });

  it('uses the origin for the transaction (so an UndoManager can undo the import)', () => {
    const { docs, docFor } = setup();
    const shunhualu = docs.get('street:shunhualu')!;
    const origin = { import: true };
    const undo = new Y.UndoManager(featuresOf(shunhualu), { trackedOrigins: new Set([origin]) });
    applyImport(previewFixture(docs), docFor, { principal: shunhualuEditor, origin });
    expect(featuresOf(shunhualu).size).toBe(5);
    undo.undo();
    expect(featuresOf(shunhualu).size).toBe(4);
    expect(featuresOf(shunhualu).get('venue-fengyuan')!.get('capacity')).toBeUndefined();
  });
});
