/**
 * The zone's five subdistricts (街道). Ids are the stable room keys (`street:<id>`);
 * codes are the NBS 2023 statistical division codes (shared/geo/hitech-zone-divisions-2023.nbs.csv).
 */
export const STREETS = [
  { id: 'shunhualu', code: '370176001', name: '舜华路街道', nameEn: 'Shunhualu' },
  { id: 'suncun', code: '370176002', name: '孙村街道', nameEn: 'Suncun' },
  { id: 'juyehe', code: '370176003', name: '巨野河街道', nameEn: 'Juyehe' },
  { id: 'yaoqiang', code: '370176004', name: '遥墙街道', nameEn: 'Yaoqiang' },
  { id: 'lingang', code: '370176005', name: '临港街道', nameEn: 'Lingang' },
] as const;

export type StreetId = (typeof STREETS)[number]['id'];
export const STREET_IDS = STREETS.map((s) => s.id) as unknown as readonly [StreetId, ...StreetId[]];

export function isStreetId(value: unknown): value is StreetId {
  return typeof value === 'string' && (STREET_IDS as readonly string[]).includes(value);
}

export function streetById(id: StreetId) {
  const street = STREETS.find((s) => s.id === id);
  if (!street) throw new Error(`unknown street ${id}`);
  return street;
}
