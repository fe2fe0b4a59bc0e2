// The model's zod-free files, not index.ts: the public page loads no zod.
import { PARTNER_KIND_WORDS, PARTNER_ROLE_WORDS } from '../../../model/labels.ts';
import { PUBLIC_WORDS } from '../../../model/publicPage.ts';
import { STREETS } from '../../../model/streets.ts';
import { zh } from './zh.ts';

/**
 * Strings of the public map (public.html), in Chinese; enPublic.ts has the same in English, loaded
 * only when a visitor chooses it (pageWords.ts). Those the server's first view also writes are in
 * model/publicPage.ts; the words of the shared catalogue (zh.ts) the page shows are under `shared`.
 */
export const zhPublic = {
  lang: 'zh',
  /** The switch shows the other language, in that language. */
  language: 'EN',
  languageHint: 'Switch to English',
  title: PUBLIC_WORDS.title,
  subtitle: PUBLIC_WORDS.subtitle,
  openFull: '在新窗口打开完整地图',

  chips: { venue: '阵地', heat: '活动', partner: '合伙人', community: '社区' },
  chipsLabel: '显示的内容',

  summary: PUBLIC_WORDS.summary,
  browse: '浏览',
  collapse: '收起',
  close: '关闭',
  share: '复制链接',
  copied: '链接已复制',
  tabs: PUBLIC_WORDS.tabs,
  emptyList: PUBLIC_WORDS.emptyList,
  /** The first stop of the Tab key (visible when focused), and the list it leads to. */
  skipToList: '跳到地点列表',
  sketch: PUBLIC_WORDS.sketch,
  placesLabel: '地点列表',
  placeKinds: '地点类别',

  card: {
    // Shared with the server's first card of a `?venue=` link (model/publicPage.ts).
    ...PUBLIC_WORDS.card,
    street: '所属街道',
    venue: '活动阵地',
    when: '时间',
    year: (y: number) => `${y}年`,
    role: '角色',
    kind: '类型',
    organisation: '所属单位',
    serves: '服务范围',
    servesAll: '全区各社区',
    figures: '成效',
    activitiesHere: '在这里的活动',
    venuesHere: '阵地',
    activitiesIn: '活动与课堂',
    partnersIn: '合伙人',
    partnersOf: '参与的合伙人',
    services: '服务内容',
    brands: '服务品牌',
    highlights: '特色',
    overview: '概况',
    counts: (communities: number, venues: number, activities: number) => `${communities} 个社区 · ${venues} 处阵地 · ${activities} 项活动`,
  },

  /** A place to go (placeToGo.ts): its address and the 导航 links (navigation.ts). */
  place: {
    copyAddress: '复制地址',
    addressCopied: '已复制',
    copyFailed: '无法复制，请长按地址选中后复制',
    navigate: '导航',
    apps: { amap: '高德地图', baidu: '百度地图', tencent: '腾讯地图' },
    /** The link's accessible name: where it goes, with what, and that it leaves the page. */
    navigateWith: (app: string, place: string) => `用${app}导航到“${place}”（在新窗口打开）`,
  },

  /** 我的位置: the nearest venues and activities (nearby.ts). */
  nearby: {
    button: '我的位置',
    title: '离我最近',
    close: '关闭附近列表',
    locating: '正在获取你的位置…',
    denied: '未获得定位权限：请在浏览器设置中允许本站使用位置信息，然后再试。',
    unavailable: '暂时无法获取你的位置，请到开阔处或稍后再试。',
    unsupported: '此浏览器无法提供位置（需要通过 HTTPS 访问）。',
    empty: '附近还没有公开的阵地或活动。',
    retry: '重新定位',
    metres: (n: number) => `${n} 米`,
    kilometres: (n: string) => `${n} 公里`,
  },

  notFound: '链接中的地点不存在或已不再公开。',
  offline: '网络中断，正在重新连接…',
  busy: '访问的人较多，稍后自动重试…',
  loading: '正在加载地图数据…',
  closedTitle: '公开地图已关闭',
  closedText: '济南高新区“三人行”公开地图暂时关闭，请稍后再来。',

  shared: {
    layerNames: zh.layerNames as Record<string, string>,
    fields: { address: zh.fields.address!, areaM2: zh.fields.areaM2!, capacity: zh.fields.capacity!, books: zh.fields.books!, kinds: zh.fields.kinds!, sessions: zh.fields.sessions!, attendance: zh.fields.attendance! },
    allStreets: zh.allStreets,
    streets: Object.fromEntries(STREETS.map((s) => [s.id, s.name])) as Record<string, string>,
    roles: PARTNER_ROLE_WORDS.zh as Record<string, string>,
    kinds: PARTNER_KIND_WORDS.zh as Record<string, string>,
    /** Venue types and activity categories are Chinese words already; English names them (model/labels.ts). */
    venueTypes: {} as Record<string, string>,
    categories: {} as Record<string, string>,
    /** Between the parts of a list ("插花、扎染"), and after a label ("服务内容："). */
    listSeparator: '、',
    colon: '：',
  },
};
