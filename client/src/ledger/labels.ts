import { NEED_STATUS_WORDS, PARTNER_KIND_WORDS, PARTNER_ROLE_LABELS, PROVENANCE_WORDS, STREETS, type Layer, type StreetId } from '../../../model/index.ts';

/**
 * The Chinese words of the ledger: layer and field labels, enum labels. Shared by the column
 * definitions (headers), the import messages and `fieldErrorsZh` for forms, so a field is called
 * the same thing in a sheet header, in an import error and next to a form input.
 */

export const LEDGER_LAYERS = ['community', 'venue', 'partner', 'activity', 'need'] as const;
export type LedgerLayer = (typeof LEDGER_LAYERS)[number];

export function isLedgerLayer(value: unknown): value is LedgerLayer {
  return typeof value === 'string' && (LEDGER_LAYERS as readonly string[]).includes(value);
}

/** Sheet names of an XLSX ledger, and how a layer is named in messages. */
export const LAYER_LABELS: Record<LedgerLayer, string> = {
  community: '社区',
  venue: '阵地',
  partner: '合伙人',
  activity: '活动',
  need: '需求',
};

/** Sheet names of workbooks exported before the glossary settled on 阵地 and 合伙人 (issue 12): still read. */
export const LAYER_ALIASES: Readonly<Record<string, LedgerLayer>> = { 场地: 'venue', 伙伴: 'partner' };

/** Labels shared by every layer; `LAYER_FIELD_LABELS` overrides where a layer means something else. */
const FIELD_LABELS: Record<string, string> = {
  id: '编号',
  layer: '图层',
  name: '名称',
  street: '街道',
  provenance: '数据依据',
  source: '出处',
  geometry: '位置',
  lng: '经度',
  lat: '纬度',
  community: '社区',
  address: '地址',
  communities: '服务社区',
  servesAll: '服务全区',
  venueType: '类型',
  role: '角色',
  kind: '主体类型',
  title: '身份',
  organisation: '所属单位',
  services: '服务内容',
  figures: '其他数据',
  category: '类别',
  venue: '阵地',
  partners: '合伙人',
  date: '日期',
  year: '年度',
  schedule: '时间安排',
  kinds: '项目种类',
  sessions: '场次',
  attendance: '参与人次',
  description: '简介',
  areaM2: '面积(m²)',
  capacity: '容纳人数',
  books: '藏书',
  openingHours: '开放时间',
  motto: '口号',
  code: '区划代码',
  // Not a ledger column (subdistricts are not in the ledger): named for the details panel.
  nameEn: '英文名',
  brands: '服务品牌',
  highlights: '工作亮点',
  status: '状态',
  matchedPartner: '对接合伙人',
  'private.contact': '联系人',
  'private.phone': '电话',
  // 联系地址, not 地址: that is the public address now (issue 14). Sheets exported before it call
  // this column 地址; columns.ts tells the two apart.
  'private.address': '联系地址',
  'private.notes': '备注',
};

const LAYER_FIELD_LABELS: Partial<Record<Layer, Record<string, string>>> = {
  partner: { community: '所属社区' },
  need: { description: '需求描述' },
};

/** The Chinese label of a model field (`private.phone` for a private one); the key itself when unknown. */
export function fieldLabel(layer: Layer, field: string): string {
  return LAYER_FIELD_LABELS[layer]?.[field] ?? FIELD_LABELS[field] ?? field;
}

/** Enum values as staff write them. Import also accepts the model value itself and the aliases. */
export type EnumLabels = { labels: Record<string, string>; aliases?: Record<string, string> };

export const ROLE_LABELS: EnumLabels = { labels: { ...PARTNER_ROLE_LABELS } };

export const KIND_LABELS: EnumLabels = {
  labels: { ...PARTNER_KIND_WORDS.zh },
  // Words older sheets and the article use for the same kinds.
  aliases: { 机关事业单位: 'institution', 机关: 'institution', 团队: 'group', 公司: 'company' },
};

export const STATUS_LABELS: EnumLabels = {
  labels: { ...NEED_STATUS_WORDS.zh },
  // The matching board once said 待匹配 / 已匹配: sheets exported then still import.
  aliases: { 待匹配: 'open', 已匹配: 'matched' },
};

export const PROVENANCE_LABELS: EnumLabels = { labels: { ...PROVENANCE_WORDS.zh } };

/** What the 街道 column says for zone-wide features (street null, room `district`). */
export const ZONE_WIDE = '全区';

export function streetLabel(street: StreetId | null): string {
  if (street === null) return ZONE_WIDE;
  return STREETS.find((s) => s.id === street)?.name ?? street;
}
