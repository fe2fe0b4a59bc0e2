import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { featuresOf, readFeatures, type RoomName } from '../../../model/index.ts';
import { applyImport } from './applyImport.ts';
import { previewTables } from './importRows.ts';
import { contextFor, docsWith, shunhualuEditor, smallWorld } from './testFixtures.ts';
import { readXlsx, XlsxError } from './xlsx.ts';

/**
 * A workbook as staff make one in Excel (not our writer): numbers as numbers, a date typed as a
 * date, rich text, a formula, an extra sheet that is no ledger. Two layers in one file: an
 * activity refers to a partner added by the same import. Its sheet 伙伴 and column 合作伙伴 are the
 * words of workbooks made before the glossary settled on 合伙人: they still import.
 */
async function staffWorkbook(): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  const partners = book.addWorksheet('伙伴');
  partners.addRow(['编号', '名称', '街道', '角色', '主体类型', '服务内容', '经度', '纬度']);
  partners.addRow(['partner-yulan-shop', '玉兰便民超市', '舜华路街道', '红色合伙人', '商户', '便民维修、代收快递', 117.121, 36.671]);
  partners.addRow(['partner-alien', '外星人协会', '舜华路街道', '红色合伙人', '外星人', '星际旅行', 117.122, 36.672]);

  const activities = book.addWorksheet('活动');
  activities.addRow(['编号', '名称', '街道', '类别', '社区', '合作伙伴', '日期', '年度', '场次', '参与人次', '经度', '纬度']);
  activities.addRow(['', '便民维修日', '舜华路街道', '志愿服务', '玉兰社区', '玉兰便民超市', new Date(Date.UTC(2024, 3, 23)), 2024, '12+', 300, 117.123, 36.673]);
  activities.addRow(['', '星际讲座', '舜华路街道', '普法宣传', '玉兰社区', '', '2024-05-01', 2024, '', -10, 117.124, 36.674]);
  activities.addRow(['', '星际展览', '舜华路街道', '文化艺术', '玉兰社区', 'partner-alien', '', 2024, '', '', 117.125, 36.675]);
  activities.addRow(['', { richText: [{ text: '社区' }, { text: '读书会', font: { bold: true } }] }, '舜华路街道', '阅读', '凤园社区', '', '', { formula: '2023+1', result: 2024 }, '', '', 117.126, 36.676]);
  activities.addRow(['', '二月三十日活动', '舜华路街道', '阅读', '凤园社区', '', '2024-02-30', 2024, '', '', 117.127, 36.677]);

  book.addWorksheet('统计').addRow(['月份', '人数']);
  return new Uint8Array((await book.xlsx.writeBuffer()) as ArrayBuffer);
}

describe('XLSX import of a workbook with bad rows', () => {
  it('previews every sheet: per-row errors in Chinese, references across sheets, unknown sheets reported', async () => {
    const docs = docsWith(smallWorld());
    const tables = await readXlsx(await staffWorkbook());
    const preview = previewTables(tables, contextFor(docs, shunhualuEditor));

    expect(preview.rows.map((r) => [r.sheet, r.row, r.status, r.errors])).toEqual([
      ['伙伴', 2, 'new', []],
      ['伙伴', 3, 'error', [{ column: '主体类型', message: '主体类型必须是以下之一：个人、企业、事业单位、社会组织、商户、团体' }]],
      ['活动', 2, 'new', []],
      ['活动', 3, 'error', [{ column: '参与人次', message: '参与人次必须是非负整数，例如 1200 或 1200+' }]],
      ['活动', 4, 'error', [{ column: '合伙人', message: '合伙人“外星人协会”（“伙伴”第 3 行）有错误，未能导入' }]],
      ['活动', 5, 'new', []],
      ['活动', 6, 'error', [{ column: '日期', message: '日期格式应为 YYYY-MM-DD，例如 2024-04-23' }]],
    ]);
    expect(preview.counts).toEqual({ new: 3, update: 0, unchanged: 0, error: 4, total: 7 });
    expect(preview.sheets.map((s) => [s.sheet, s.layer, s.error ?? null])).toEqual([
      ['伙伴', 'partner', null],
      ['活动', 'activity', null],
      ['统计', null, '无法识别“统计”是哪一类数据（社区、阵地、合伙人、活动、需求）：请使用导出表格的列名'],
    ]);

    const repair = preview.rows[2]!.feature!;
    expect(repair).toMatchObject({
      layer: 'activity',
      partners: ['partner-yulan-shop'],
      community: 'community-yl',
      date: '2024-04-23',
      year: 2024,
      sessions: { value: 12, atLeast: true },
      attendance: { value: 300, atLeast: false },
      geometry: { type: 'Point', coordinates: [117.123, 36.673] },
    });
    expect(preview.rows[5]!.feature).toMatchObject({ name: '社区读书会', year: 2024, community: 'community-fy' });
  });

  it('applyImport writes the three good rows and none of the bad ones', async () => {
    const docs = docsWith(smallWorld());
    const preview = previewTables(await readXlsx(await staffWorkbook()), contextFor(docs, shunhualuEditor));
    const result = applyImport(preview, (room: RoomName) => docs.get(room), { principal: shunhualuEditor });
    expect(result.rooms).toEqual([{ room: 'street:shunhualu', created: 3, updated: 0 }]);

    const doc = docs.get('street:shunhualu')!;
    const { features, invalid } = readFeatures(doc);
    expect(invalid).toEqual([]);
    expect(features.filter((f) => f.layer === 'partner' || f.layer === 'activity').map((f) => f.name).sort()).toEqual(
      ['玉兰便民超市', '便民维修日', '社区读书会'].sort(),
    );
    expect(featuresOf(doc).has('partner-alien')).toBe(false);
  });

  it('a file that is not an XLSX gets a clear message', async () => {
    await expect(readXlsx(new TextEncoder().encode('编号,名称\n'))).rejects.toThrow(XlsxError);
    await expect(readXlsx(new TextEncoder().encode('编号,名称\n'))).rejects.toThrow('无法读取该 Excel 文件');
  });
});
