// From enums.ts, not features.ts: the public map reads these words without loading zod.
import type { NEED_STATUSES, PARTNER_KINDS, PARTNER_ROLES, Provenance } from './enums.ts';
import { ACTIVITY_CATEGORIES, PARTNER_ROLE_LABELS, VENUE_TYPES } from './enums.ts';
import type { PublicationStatus } from './review.ts';
import type { BasemapCrs, BasemapProvider } from './basemap.ts';

/**
 * One word per enum value, in each language of the interface: every view (the table, the details
 * panel, the forms, the filters, the matching board, the CSV/XLSX ledger, the big screen) takes
 * its words from here, so that a partner kind or a need's status reads the same everywhere.
 * The types make each list complete: a new value of an enum fails the type-check until it has
 * its words.
 */
export type Lang = 'zh' | 'en';
export type EnumWords<T extends string> = Readonly<Record<Lang, Readonly<Record<T, string>>>>;

const same = <T extends string>(values: readonly T[]): Record<T, string> => Object.fromEntries(values.map((v) => [v, v as string])) as Record<T, string>;

/** 先锋经纪人 / 红色合伙人 / 公益热心人. */
export const PARTNER_ROLE_WORDS: EnumWords<(typeof PARTNER_ROLES)[number]> = {
  zh: PARTNER_ROLE_LABELS,
  en: { broker: 'Pioneer broker', partner: 'Red partner', volunteer: 'Public-welfare volunteer' },
};

export const PARTNER_KIND_WORDS: EnumWords<(typeof PARTNER_KINDS)[number]> = {
  zh: { person: '个人', company: '企业', institution: '事业单位', social_org: '社会组织', shop: '商户', group: '团体' },
  en: { person: 'Person', company: 'Company', institution: 'Public institution', social_org: 'Social organisation', shop: 'Shop', group: 'Group' },
};

/** 对接: the programme's word for putting a resident's need together with a partner who meets it. */
export const NEED_STATUS_WORDS: EnumWords<(typeof NEED_STATUSES)[number]> = {
  zh: { open: '待对接', matched: '已对接', done: '已完成' },
  en: { open: 'Open', matched: 'Matched', done: 'Done' },
};

export const VENUE_TYPE_WORDS: EnumWords<(typeof VENUE_TYPES)[number]> = {
  zh: same(VENUE_TYPES),
  en: { 党群服务中心: 'Party & community service centre', 活动室: 'Activity room', 阅览室: 'Reading room', 工作室: 'Studio', 宣讲室: 'Lecture room', 其他: 'Other' },
};

export const ACTIVITY_CATEGORY_WORDS: EnumWords<(typeof ACTIVITY_CATEGORIES)[number]> = {
  zh: same(ACTIVITY_CATEGORIES),
  en: {
    技能培训: 'Skills training',
    文化艺术: 'Culture & arts',
    非遗传承: 'Intangible heritage',
    普法宣传: 'Legal education',
    阅读: 'Reading',
    环境提升: 'Environment',
    调解服务: 'Mediation',
    托管教育: 'After-school care',
    志愿服务: 'Volunteering',
    党建服务: 'Party building',
    其他: 'Other',
  },
};

export const PROVENANCE_WORDS: EnumWords<Provenance> = {
  zh: { article: '新闻报道', 'nbs-2023': '国家统计局 2023', 'tudigong-2021': '行政边界 2021', osm: 'OpenStreetMap', approximate: '示意位置', staff: '工作人员录入' },
  en: { article: 'News report', 'nbs-2023': 'NBS 2023', 'tudigong-2021': 'Boundaries 2021', osm: 'OpenStreetMap', approximate: 'Approximate', staff: 'Entered by staff' },
};

/**
 * A feature's publication (信息公开审核, model/review.ts): 未发布 until a reviewer approves it,
 * 待审核 when changed since, 已退回 when sent back, 已发布 when the public map shows what staff
 * see, 不公开 for what is never public (needs, private persons), 待完善 when its public fields do
 * not pass the checks yet.
 */
export const PUBLICATION_STATUS_WORDS: EnumWords<PublicationStatus> = {
  zh: { internal: '不公开', unpublished: '未发布', pending: '待审核', returned: '已退回', published: '已发布', invalid: '待完善' },
  en: { internal: 'Not public', unpublished: 'Unpublished', pending: 'Pending review', returned: 'Returned', published: 'Published', invalid: 'Needs fixing' },
};

/** The ground under the map (model/basemap.ts): the admin's 底图 panel and the audit log name it so. */
export const BASEMAP_PROVIDER_WORDS: EnumWords<BasemapProvider> = {
  zh: { none: '无底图', tianditu: '天地图', local: '本地瓦片文件', xyz: 'XYZ 瓦片模板', style: 'MapLibre 样式' },
  en: { none: 'No basemap', tianditu: 'Tianditu', local: 'Local tile file', xyz: 'XYZ tile template', style: 'MapLibre style' },
};

/** 天地图's two maps, each with its annotation layer. */
export const TIANDITU_KIND_WORDS: EnumWords<'vector' | 'imagery'> = {
  zh: { vector: '矢量', imagery: '影像' },
  en: { vector: 'Vector', imagery: 'Imagery' },
};

/** WGS-84 (GPS, 天地图, OpenStreetMap) or GCJ-02 (国测局坐标: 高德, 腾讯). */
export const BASEMAP_CRS_WORDS: EnumWords<BasemapCrs> = {
  zh: { wgs84: 'WGS-84', gcj02: 'GCJ-02（国测局坐标）' },
  en: { wgs84: 'WGS-84', gcj02: 'GCJ-02 (China’s offset system)' },
};
