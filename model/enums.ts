/**
 * The value lists of the model's enums, without their zod schemas (features.ts and roles.ts build
 * the schemas from these and re-export them): what a page that only shows features needs — the
 * public map takes its words from labels.ts, which is built on these — without loading zod.
 */

export const LAYERS = ['zone', 'street', 'community', 'venue', 'partner', 'activity', 'need'] as const;
export type Layer = (typeof LAYERS)[number];

/** Where a fact or a shape comes from. `approximate` = drawn by us, no public source has it. */
export const PROVENANCES = ['article', 'nbs-2023', 'tudigong-2021', 'osm', 'approximate', 'staff'] as const;
export type Provenance = (typeof PROVENANCES)[number];

export const VENUE_TYPES = ['党群服务中心', '活动室', '阅览室', '工作室', '宣讲室', '其他'] as const;

/** 先锋经纪人 / 红色合伙人 / 公益热心人 */
export const PARTNER_ROLES = ['broker', 'partner', 'volunteer'] as const;
export const PARTNER_ROLE_LABELS = { broker: '先锋经纪人', partner: '红色合伙人', volunteer: '公益热心人' } as const;
export const PARTNER_KINDS = ['person', 'company', 'institution', 'social_org', 'shop', 'group'] as const;

export const ACTIVITY_CATEGORIES = ['技能培训', '文化艺术', '非遗传承', '普法宣传', '阅读', '环境提升', '调解服务', '托管教育', '志愿服务', '党建服务', '其他'] as const;

export const NEED_STATUSES = ['open', 'matched', 'done'] as const;

/**
 * - admin: every room, and approves anything;
 * - reviewer (审核人): edits one subdistrict, like its editors, and approves what they publish;
 * - editor: edits one subdistrict; new features and changes wait for review;
 * - viewer: reads (the big screen, observers).
 */
export const ROLES = ['admin', 'reviewer', 'editor', 'viewer'] as const;
/** The one word per role, in both interface languages (the header, presence cards, the CLI). */
export const ROLE_WORDS = {
  zh: { admin: '管理员', reviewer: '审核人', editor: '编辑', viewer: '查看者' },
  en: { admin: 'Admin', reviewer: 'Reviewer', editor: 'Editor', viewer: 'Viewer' },
} as const satisfies Record<'zh' | 'en', Record<(typeof ROLES)[number], string>>;

/** The ground under the map (basemap.ts): who draws it, and in which coordinate system. */
export const BASEMAP_PROVIDERS = ['none', 'tianditu', 'local', 'xyz', 'style'] as const;
export const BASEMAP_CRS = ['wgs84', 'gcj02'] as const;
