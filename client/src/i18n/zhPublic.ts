import { PUBLIC_WORDS } from '../../../model/index.ts';

/**
 * Strings of the public map (public.html). Shared ones (layer, field names) are in zh.ts; those the
 * server's first view also writes are in model/publicPage.ts.
 */
export const zhPublic = {
  title: PUBLIC_WORDS.title,
  subtitle: PUBLIC_WORDS.subtitle,
  openFull: '在新窗口打开完整地图',

  chips: { venue: '场地', heat: '活动', partner: '合作单位', community: '社区' },
  chipsLabel: '显示的内容',

  summary: PUBLIC_WORDS.summary,
  browse: '浏览',
  collapse: '收起',
  close: '关闭',
  share: '复制链接',
  copied: '链接已复制',
  tabs: PUBLIC_WORDS.tabs,
  emptyList: PUBLIC_WORDS.emptyList,

  card: {
    openingHours: '开放时间',
    openingHoursUnknown: '请咨询所在社区',
    community: '所属社区',
    street: '所属街道',
    venue: '活动场地',
    when: '时间',
    year: (y: number) => `${y}年`,
    role: '角色',
    kind: '类型',
    organisation: '所属单位',
    serves: '服务范围',
    servesAll: '全区各社区',
    figures: '成效',
    activitiesHere: '在这里的活动',
    venuesHere: '服务场地',
    activitiesIn: '活动与课堂',
    partnersIn: '合作单位',
    partnersOf: '参与单位',
    services: '服务内容',
    brands: '服务品牌',
    highlights: '特色',
    overview: '概况',
    counts: (communities: number, venues: number, activities: number) => `${communities} 个社区 · ${venues} 处场地 · ${activities} 项活动`,
  },

  notFound: '链接中的地点不存在或已不再公开。',
  offline: '网络中断，正在重新连接…',
  loading: '正在加载地图数据…',
  closedTitle: '公开地图已关闭',
  closedText: '济南高新区“三人行”公开地图暂时关闭，请稍后再来。',
} as const;
