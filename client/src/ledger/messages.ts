import type { z } from 'zod';
import { ACTIVITY_CATEGORIES, STREETS, VENUE_TYPES, type Layer } from '../../../model/index.ts';
import { fieldLabel, KIND_LABELS, PROVENANCE_LABELS, ROLE_LABELS, STATUS_LABELS, ZONE_WIDE, type EnumLabels } from './labels.ts';

/**
 * Every message the import and the forms show, in Chinese, built from the field's label so a
 * message names the column the user sees. Messages say what is expected and give an example:
 * staff fix a row from the message alone, without opening a manual.
 */
export const msg = {
  required: (label: string) => `${label}不能为空`,
  figure: (label: string) => `${label}必须是非负整数，例如 1200 或 1200+`,
  figures: (label: string) => `${label}应写成“名称：数值”，多项用；分隔，例如 members：20+；events：约30`,
  year: (label: string) => `${label}必须是 2000 到 2100 之间的整数，例如 2024`,
  number: (label: string, example: string) => `${label}必须是数字，例如 ${example}`,
  date: (label: string) => `${label}格式应为 YYYY-MM-DD，例如 2024-04-23`,
  oneOf: (label: string, options: readonly string[]) => `${label}必须是以下之一：${options.join('、')}`,
  bool: (label: string) => `${label}请填“是”或“否”`,
  tooLong: (label: string, max: number) => `${label}不能超过 ${max} 个字`,
  id: (label: string) => `${label}只能包含小写英文字母、数字和 - _ :，且以字母或数字开头`,
  range: (label: string, min: number, max: number) => `${label}必须在 ${min} 到 ${max} 之间`,
  outOfZone: (label: string, value: number, min: number, max: number) =>
    `${label} ${value} 不在本区范围内（${min}–${max}），请检查是否填错`,
  swapped: () => '经度和纬度可能填反了：本区经度约 117，纬度约 36',
  coordPair: () => '经度和纬度要同时填写',
  areaGeometry: () => '该社区已在地图上绘制边界，经纬度请留空（留空即保留边界）',
  noPermission: (street: string) => `无权编辑该街道（${street}）`,
  streetChanged: (current: string) => `不能通过导入更换街道（现为${current}），请在地图上修改`,
  duplicateId: (where: string) => `编号重复：${where}也使用了该编号`,
  sameGeneratedId: (where: string) => `与${where}的名称、街道和位置都相同，无法区分：请填写编号，或删除重复的行`,
  idOtherLayer: (layer: string, name: string) => `编号已被${layer}“${name}”使用`,
  refMissing: (label: string, ref: string) => `${label}“${ref}”不存在`,
  refAmbiguous: (label: string, name: string) => `${label}“${name}”有重名，请改填编号`,
  refInError: (label: string, ref: string, where: string) => `${label}“${ref}”（${where}）有错误，未能导入`,
  scientific: (label: string, value: string) =>
    `${label}被 Excel 改成了科学计数法（${value}），数字已丢失：请用导出的 .xlsx 编辑，或在 Excel 中把该列设为“文本”后重新填写`,
  privateKeys: (keys: readonly string[]) => `内部信息不能包含字段：${keys.join('、')}`,
  geometry: (label: string) => `${label}必须是点（经纬度）或面`,
  layer: (layer: string) => `该行不是${layer}数据`,
  invalid: (label: string) => `${label}格式不正确`,
  personAddress: (label: string) => `个人合伙人不公开${label}，请留空（需要时填在内部信息的联系地址）`,
};

/** Fields holding a figure ({ value, atLeast, about }). */
const FIGURE_FIELDS = new Set(['areaM2', 'capacity', 'books', 'kinds', 'sessions', 'attendance']);
/** Fields holding feature ids (or lists of them). */
const REF_FIELDS = new Set(['community', 'venue', 'partners', 'communities', 'matchedPartner']);

export function enumOptions(table: EnumLabels): string[] {
  return Object.values(table.labels);
}

const ENUM_OPTIONS: Record<string, readonly string[]> = {
  venueType: VENUE_TYPES,
  category: ACTIVITY_CATEGORIES,
  role: enumOptions(ROLE_LABELS),
  kind: enumOptions(KIND_LABELS),
  status: enumOptions(STATUS_LABELS),
  provenance: enumOptions(PROVENANCE_LABELS),
  street: [...STREETS.map((s) => s.name), ZONE_WIDE],
};

/** The words an issue is told in: the messages, the field labels and the enum options. Chinese by default. */
export type IssueWords = {
  msg: Pick<typeof msg, 'privateKeys' | 'figure' | 'figures' | 'required' | 'year' | 'range' | 'geometry' | 'oneOf' | 'invalid' | 'date' | 'id' | 'tooLong' | 'bool' | 'personAddress'>;
  label(layer: Layer, field: string): string;
  /** The label of a field holding another feature's id ("所属社区编号"). */
  refLabel(label: string): string;
  options: Readonly<Record<string, readonly string[]>>;
};

const ZH_WORDS: IssueWords = { msg, label: fieldLabel, refLabel: (label) => `${label}编号`, options: ENUM_OPTIONS };

/** Where an issue belongs: a form field (`private.phone` for private ones) and, for a point, the axis. */
export type IssueTarget = { field: string; axis?: 0 | 1 };

export function issueTarget(path: readonly PropertyKey[]): IssueTarget {
  const [head, second, third] = path;
  if (head === 'private' && typeof second === 'string') return { field: `private.${second}` };
  // Point coordinates are [lng, lat]: index 0 is 经度, 1 is 纬度.
  if (head === 'geometry' && second === 'coordinates' && (third === 0 || third === 1) && path.length === 3) return { field: 'geometry', axis: third };
  return { field: typeof head === 'string' ? head : '' };
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/**
 * One zod issue in Chinese. `input` is the object that was parsed: it tells a missing value
 * (不能为空) from a wrong one. Without it, the issue's own `input` is used (parse with
 * `{ reportInput: true }`).
 */
export function issueZh(issue: z.core.$ZodIssue, layer: Layer, input?: unknown, words: IssueWords = ZH_WORDS): IssueTarget & { message: string } {
  const { msg } = words;
  const target = issueTarget(issue.path);
  const { field, axis } = target;
  const label = axis === undefined ? words.label(layer, field) : words.label(layer, axis === 0 ? 'lng' : 'lat');
  const value = input === undefined ? (issue as { input?: unknown }).input : valueAt(input, issue.path);
  const say = (message: string) => ({ ...target, message });

  // Only a value missing at the field itself is 不能为空; a bad part of a value is a format error.
  const missing = issue.path.length === 1 && (value === undefined || value === '');
  if (field === 'private' && issue.code === 'unrecognized_keys') return say(msg.privateKeys(issue.keys));
  if (FIGURE_FIELDS.has(field)) return say(msg.figure(label));
  if (field === 'figures') return say(msg.figures(label));
  if (missing) return say(msg.required(label));
  if (field === 'year') return say(msg.year(label));
  if (field === 'geometry') {
    if (axis !== undefined) return say(axis === 0 ? msg.range(label, -180, 180) : msg.range(label, -90, 90));
    return say(msg.geometry(label));
  }
  switch (issue.code) {
    case 'invalid_value': {
      const options = words.options[field];
      return say(options ? msg.oneOf(label, options) : msg.invalid(label));
    }
    case 'invalid_format':
      if (issue.format === 'date') return say(msg.date(label));
      if (field === 'id') return say(msg.id(label));
      if (REF_FIELDS.has(field)) return say(msg.id(words.refLabel(label)));
      return say(msg.invalid(label));
    case 'too_big':
      if (issue.origin === 'string') return say(msg.tooLong(label, Number(issue.maximum)));
      return say(msg.invalid(label));
    case 'invalid_type':
      if (field === 'servesAll') return say(msg.bool(label));
      return say(msg.invalid(label));
    case 'custom':
      // The model's one custom rule on a field (model/features.ts partnerSchema).
      if (field === 'address') return say(msg.personAddress(label));
      return say(msg.invalid(label));
    default:
      return say(msg.invalid(label));
  }
}

/**
 * A zod error of a layer schema as one Chinese message per field, for forms:
 * `{ name: '名称不能为空', attendance: '参与人次必须是非负整数，例如 1200 或 1200+' }`.
 * Keys are the model's field names, `private.<key>` for private fields, `geometry` for the
 * position. The first issue of a field wins (zod reports the most basic one first).
 */
export function fieldErrorsZh(error: z.ZodError, layer: Layer, input?: unknown, words: IssueWords = ZH_WORDS): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const { field, message } = issueZh(issue, layer, input, words);
    const key = field || 'layer';
    if (!(key in out)) out[key] = message;
  }
  return out;
}
