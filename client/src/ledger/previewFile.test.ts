import { describe, expect, it } from 'vitest';
import { exportBlob, exportCsv, exportFileName, exportGeoJson, exportXlsx } from './exportLayer.ts';
import { previewFile, UnsupportedFileError } from './previewFile.ts';
import { admin, contextFor, docsWith, smallWorld } from './testFixtures.ts';

describe('previewFile', () => {
  it('picks the reader by extension: each export of the small world previews as unchanged', async () => {
    const ctx = contextFor(docsWith(smallWorld()), admin);
    const files: Array<[string, Uint8Array]> = [
      ['场地.csv', new TextEncoder().encode(exportCsv(ctx.existing, 'venue', { includePrivate: true }))],
      ['台账.XLSX', await exportXlsx(ctx.existing, ['community', 'venue'], { includePrivate: true })],
      ['场地.geojson', new TextEncoder().encode(exportGeoJson(ctx.existing, 'venue', { includePrivate: true }))],
    ];
    for (const [name, bytes] of files) {
      const preview = await previewFile(name, bytes, ctx);
      expect({ name, counts: preview.counts }).toEqual({ name, counts: expect.objectContaining({ unchanged: preview.counts.total, error: 0 }) });
    }
    await expect(previewFile('台账.xls', new Uint8Array(), ctx)).rejects.toThrow(UnsupportedFileError);
  });

  it('names downloads and types blobs', () => {
    expect(exportFileName('csv', 'venue', new Date(2024, 3, 23))).toBe('三人行台账-阵地-2024-04-23.csv');
    expect(exportFileName('xlsx', null, new Date(2024, 3, 23))).toBe('三人行台账-2024-04-23.xlsx');
    expect(exportBlob('csv', 'x').type).toBe('text/csv;charset=utf-8');
  });
});
