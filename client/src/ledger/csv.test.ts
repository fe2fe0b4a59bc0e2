import { describe, expect, it } from 'vitest';
import { CsvError, decodeText, parseCsv, toCsv } from './csv.ts';
import { previewTables } from './importRows.ts';
import { featureSchema } from '../../../model/index.ts';
import { exportCsv } from './exportLayer.ts';
import { admin, contextFor, docsWith, smallWorld } from './testFixtures.ts';

describe('CSV reading', () => {
  it('decodes GB18030 (Excel’s “CSV” on Chinese Windows) when the bytes are not UTF-8', () => {
    // 编号,名称\r\n in GBK: 编 B1E0 号 BAC5 名 C3FB 称 B3C6
    const gbk = new Uint8Array([0xb1, 0xe0, 0xba, 0xc5, 0x2c, 0xc3, 0xfb, 0xb3, 0xc6, 0x0d, 0x0a]);
    expect(decodeText(gbk)).toBe('编号,名称\r\n');
    expect(decodeText(new TextEncoder().encode('\ufeff编号'))).toBe('编号');
  });

  it('reads semicolon- and tab-separated files too, and keeps sheet row numbers past blank lines', () => {
    for (const sep of [';', '\t']) {
      const table = parseCsv(['编号', '名称', '类型'].join(sep) + '\r\n\r\nv-1' + sep + '甲' + sep + '活动室\r\n', 'x.csv');
      expect(table.header).toEqual(['编号', '名称', '类型']);
      expect(table.rows).toEqual([{ row: 3, cells: ['v-1', '甲', '活动室'] }]);
    }
  });

  it('refuses a file whose quotes do not pair up, instead of guessing', () => {
    expect(() => parseCsv('编号,名称\nv-1,"未闭合\n', 'x.csv')).toThrow(CsvError);
  });
});

describe('CSV writing', () => {
  it('guards formula-looking cells for Excel and reads them back unchanged', () => {
    const cells = ['=HYPERLINK("http://x")', '+86 531', '-5', '@me', '普通'];
    const csv = toCsv({ sheet: 'x', header: ['a', 'b', 'c', 'd', 'e'], rows: [{ row: 2, cells }] });
    expect(csv).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(parseCsv(csv, 'x').rows[0]!.cells).toEqual(cells);
  });

  it('a row without a street is an error, never a silent 全区', () => {
    const docs = docsWith(smallWorld());
    const csv = '编号,名称,类型,经度,纬度\nv-new,新活动室,活动室,117.13,36.68\n';
    const preview = previewTables([parseCsv(csv, 'x.csv', 'venue')], contextFor(docs, admin));
    expect(preview.rows[0]!.errors).toEqual([{ column: '街道', message: '街道不能为空' }]);
  });

  it('columns missing from the sheet keep their stored values on update', () => {
    const docs = docsWith(smallWorld());
    const csv = '编号,开放时间\nvenue-fengyuan,全天\n';
    const preview = previewTables([parseCsv(csv, 'x.csv', 'venue')], contextFor(docs, admin));
    expect(preview.rows[0]).toMatchObject({ status: 'update', changes: { openingHours: '全天' } });
    expect(preview.rows[0]!.feature).toMatchObject({ name: '凤园社区活动室', areaM2: { value: 60, atLeast: false }, private: { notes: '钥匙在门卫' } });
  });

  it('an empty cell clears the field; moving a feature to another street is refused', () => {
    const docs = docsWith(smallWorld());
    const csv = '编号,街道,面积(m²),备注\nvenue-fengyuan,舜华路街道,,\nvenue-yulan-centre,孙村街道,,\n';
    const [cleared, moved] = previewTables([parseCsv(csv, 'x.csv', 'venue')], contextFor(docs, admin)).rows;
    expect(cleared).toMatchObject({ status: 'update', changes: { areaM2: undefined, private: { notes: undefined } } });
    expect(moved!.errors).toEqual([{ column: '街道', message: '不能通过导入更换街道（现为舜华路街道），请在地图上修改' }]);
  });

  it('a community with a drawn boundary exports empty 经度/纬度, which keep the boundary on import', () => {
    const ring: Array<[number, number]> = [[117.1, 36.6], [117.2, 36.6], [117.2, 36.7], [117.1, 36.6]];
    const area = featureSchema.parse({ id: 'community-area', layer: 'community', name: '画了边界的社区', street: 'shunhualu', provenance: 'staff', geometry: { type: 'Polygon', coordinates: [ring] } });
    const docs = docsWith([...smallWorld(), area]);
    const ctx = contextFor(docs, admin);
    const csv = exportCsv(ctx.existing, 'community');
    expect(csv).toContain('community-area,画了边界的社区,舜华路街道,,,,,,工作人员录入,');
    const rows = previewTables([parseCsv(csv, 'c.csv')], ctx).rows;
    expect(rows.every((r) => r.status === 'unchanged')).toBe(true);
    const typed = previewTables([parseCsv('编号,经度,纬度\ncommunity-area,117.15,36.65\n', 'c.csv', 'community')], ctx).rows[0]!;
    expect(typed.errors).toEqual([{ column: '经度', message: '该社区已在地图上绘制边界，经纬度请留空（留空即保留边界）' }]);
  });

  it('refuses a code or phone number that Excel turned into scientific notation', () => {
    const docs = docsWith(smallWorld());
    const csv = '编号,名称,街道,区划代码,经度,纬度,电话\ncommunity-x,新社区,舜华路街道,3.70176E+11,117.13,36.68,1.38E+10\n';
    const [row] = previewTables([parseCsv(csv, 'x.csv', 'community')], contextFor(docs, admin)).rows;
    expect(row!.errors.map((e) => e.column)).toEqual(['区划代码', '电话']);
    expect(row!.errors[0]!.message).toBe('区划代码被 Excel 改成了科学计数法（3.70176E+11），数字已丢失：请用导出的 .xlsx 编辑，或在 Excel 中把该列设为“文本”后重新填写');
  });

  it('new rows get ids without people’s names; an id already used by another layer is refused', () => {
    const docs = docsWith(smallWorld());
    const csv = '编号,名称,街道,角色,主体类型,经度,纬度\n,张三,舜华路街道,公益热心人,个人,117.13,36.68\n,ABC书店,舜华路街道,红色合伙人,商户,117.13,36.68\nvenue-fengyuan,凤园,舜华路街道,红色合伙人,商户,117.13,36.68\n';
    const [person, shop, clash] = previewTables([parseCsv(csv, 'p.csv', 'partner')], contextFor(docs, admin)).rows;
    expect(person!.id).toMatch(/^partner-shunhualu-[0-9a-z]{7}$/);
    expect(shop!.id).toMatch(/^partner-shunhualu-abc-[0-9a-z]{7}$/);
    expect(clash!.errors).toEqual([{ column: '编号', message: '编号已被阵地“凤园社区活动室”使用' }]);
  });
});
