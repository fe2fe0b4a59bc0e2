// From the model's zod-free files (not index.ts): every page, the public map too, loads these words.
import { ROLE_WORDS } from '../../../model/enums.ts';
import { NEED_STATUS_WORDS, PARTNER_KIND_WORDS, PROVENANCE_WORDS } from '../../../model/labels.ts';

/**
 * The user-visible strings every page shares, in Chinese (the product's default and only language
 * for now). Kept in one plain object so that an i18n library can take over later by loading
 * this file as its `zh-CN` catalogue; nothing else in the client should hold literal UI text.
 * Page-specific strings live beside it (zhStaff.ts, zhScreen.ts, zhPublic.ts), so that a page's
 * bundle carries only its own.
 */
export const zh = {
  appTitle: '三人行地图',
  appSubtitle: '济南高新区',

  // The staff roles' words are model/roles.ts ROLE_WORDS (one list); a visitor is not a role.
  role: { ...ROLE_WORDS.zh, anonymous: '公众访客' },
  allStreets: '全区',

  session: {
    loading: '正在验证身份…',
    expired: '登录链接已失效，已切换为公众访问。',
    failed: '无法连接服务器，稍后自动重试。',
    noRooms: '公开地图暂未开放。',
  },

  rooms: {
    district: '全区',
    public: '公开数据',
  },
  connection: {
    connecting: '连接中',
    syncing: '同步中',
    synced: '已连接',
    offline: '离线',
    unauthorized: '登录失效',
    forbidden: '无权限',
    closed: '已关闭',
    writeDenied: '写入被拒绝',
    title: '数据连接',
  },

  legend: {
    title: '图层',
    labels: '名称标注',
    count: (n: number) => `${n}`,
  },
  toggles: {
    street: '街道',
    community: '社区',
    venue: '阵地',
    partner: '合伙人',
    heat: '活动热力',
    labels: '名称标注',
  },

  layerNames: {
    zone: '高新区',
    street: '街道',
    community: '社区',
    venue: '阵地',
    partner: '合伙人',
    activity: '活动',
    need: '需求',
  },

  fields: {
    name: '名称',
    geometry: '位置',
    layer: '类别',
    street: '所属街道',
    community: '所属社区',
    communities: '服务社区',
    servesAll: '服务范围',
    venueType: '阵地类型',
    role: '角色',
    kind: '主体类型',
    title: '身份',
    organisation: '所属单位',
    services: '服务内容',
    figures: '数据',
    category: '活动类别',
    venue: '活动阵地',
    partners: '合伙人',
    date: '日期',
    year: '年度',
    schedule: '时间安排',
    kinds: '项目种类',
    sessions: '开展场次',
    attendance: '参与人次',
    description: '简介',
    areaM2: '面积（平方米）',
    capacity: '容纳人数',
    books: '藏书',
    openingHours: '开放时间',
    motto: '口号',
    brands: '服务品牌',
    highlights: '工作亮点',
    code: '区划代码',
    nameEn: '英文名',
    provenance: '数据依据',
    source: '出处',
    status: '状态',
    matchedPartner: '对接合伙人',
    contact: '联系人',
    phone: '电话',
    address: '地址',
    notes: '备注',
  } as Record<string, string>,

  values: {
    yes: '是',
    no: '否',
    servesAll: '全区',
    atLeast: '余',
    about: '近',
  },

  // One word per value, shared with every view and the ledger (model/labels.ts).
  partnerKinds: PARTNER_KIND_WORDS.zh as Record<string, string>,

  provenance: PROVENANCE_WORDS.zh as Record<string, string>,

  needStatus: NEED_STATUS_WORDS.zh as Record<string, string>,

  map: {
    attribution: '边界：CTAmap / tudigong 2021 · © OpenStreetMap 贡献者',
    resetView: '回到全区',
    stackTitle: (n: number) => `此处有 ${n} 项，选择一项：`,
  },
} as const;

export type Strings = typeof zh;
