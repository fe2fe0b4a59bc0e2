import { PARTNER_ROLE_WORDS, STREETS } from '../../../model/index.ts';
import { zh } from './zh.ts';

/**
 * Strings of the big screen (screen.html), in Chinese; enScreen.ts has the same in English, loaded
 * only when the wall is set to English (`?lang=en`, pageWords.ts). The shared catalogue's words
 * (zh.ts) the wall shows are under `shared`.
 */
export const zhScreen = {
  lang: 'zh',
  /** Numbers and dates the way the language writes them. */
  locale: 'zh-CN',
  language: 'EN',
  languageHint: 'Switch to English',
  title: '三人行 · 数据大屏',
  subtitle: '济南高新区党建引领基层治理',

  cards: {
    forces: '三人行力量',
    year: (year: number | null) => (year === null ? '年度活动' : `${year}年度活动`),
    /** The current calendar month's row (shown when an admin asks for it), with its year: it may not be the card's. */
    month: (year: number, month: number) => `本月（${year}年${month}月）`,
    places: '阵地与需求',
    categories: (year: number | null) => (year === null ? '各类活动参与人次' : `${year}年各类活动参与人次`),
    months: (year: number | null) => (year === null ? '各月参与人次' : `${year}年各月参与人次`),
    ranking: (year: number | null) => (year === null ? '社区活跃榜（参与人次）' : `${year}年社区活跃榜（参与人次）`),
    trend: '历年活动与参与人次',
    feed: '实时动态',
  },

  kpi: {
    brokers: '先锋经纪人',
    partners: '红色合伙人',
    volunteers: '公益热心人',
    venues: '服务阵地',
    communities: '覆盖社区',
    activities: '活动',
    attendance: '参与人次',
    sessions: '开展场次',
    needsOpen: '需求待对接',
    needsMatched: '已对接',
    needsDone: '已完成',
  },
  units: { people: '人', items: '项', places: '处', sessions: '场', times: '人次' },
  /** How "+" and "—" read, shown once under the figures. */
  figuresNote: '“+”表示台账记载为“N余”或部分活动未登记人次，实际不少于此数；“—”表示未登记',
  monthsNote: '未注明日期的活动按年度登记，计入“全年”',
  /** Month ticks stay short ("3", "11"); the card's title says they are months. */
  monthLabel: (month: number | null) => (month === null ? '全年' : String(month)),
  rankActivities: (n: number) => `${n}项活动`,
  /** The trend across years: one row a year, its attendance and how many activities. */
  trendYear: (year: number) => `${year}年`,
  trendValue: (attendance: string, activities: number) => `${attendance} · ${activities}项`,
  emptyTrend: '暂无活动记录',
  /**
   * Year-on-year (同比) beside this year's figures: "同比 +25%", "约" when a side is a lower bound
   * ("N余") or approximate, "—" and one line saying why when there is no honest figure.
   */
  yoy: {
    label: '同比',
    about: '约',
    none: '—',
    /** A running year is compared with the same span of last year. */
    running: (year: number, month: number, day: number) => `同比按${year}年同期（截至${month}月${day}日）计`,
    noPrevious: (year: number) => `同比：${year}年无活动记录`,
    noPreviousRunning: (year: number) => `同比：${year}年同期无活动记录`,
    noAttendance: (year: number) => `同比：${year}年未登记参与人次，无法比较`,
    noCurrentAttendance: '同比：本期未登记参与人次，无法比较',
    notComparable: '同比：有按年度登记（无日期）的活动，无法按同期比较',
  },
  emptyRanking: '暂无登记参与人次的社区活动',
  emptyFeed: '等待编辑动态…',

  feed: {
    verbs: { add: '新增', update: '更新', delete: '删除', bulk: '批量更新' },
    privateField: '内部信息',
    bulkCount: (n: number) => `${n}项`,
    zoneWide: '全区',
  },

  tour: {
    overview: '全区概览',
    presenter: (name: string | null) => `跟随演示${name ? `：${name}` : ''}`,
    presenterHint: '演示结束后自动恢复巡览',
    stats: { communities: '社区', venues: '阵地', partners: '合伙人', activities: '活动', attendance: '参与人次', needsOpen: '待对接需求' },
    /** A figure of the reported year, named with it: 2024年活动. */
    ofYear: (year: number | null, label: string) => (year === null ? label : `${year}年${label}`),
  },

  health: {
    live: '实时',
    starting: '连接中…',
    reconnecting: '重连中…',
    stale: (since: string) => `连接中断，正在自动重连 · 数据更新于 ${since}`,
    staleNever: '无法连接服务器，正在自动重试…',
    refused: '大屏链接已失效或无权限，请联系管理员更新链接',
  },

  legend: { title: '图例', heat: '活动热力', attendance: '社区参与人次' },
  /** Before an approximate total: 约1,000. */
  about: '约',

  shared: {
    layerNames: zh.layerNames as Record<string, string>,
    fields: zh.fields,
    streets: Object.fromEntries(STREETS.map((s) => [s.id, s.name])) as Record<string, string>,
    roles: PARTNER_ROLE_WORDS.zh as Record<string, string>,
    /** Activity categories are Chinese words already; English names them (model/labels.ts). */
    categories: {} as Record<string, string>,
    listSeparator: '、',
    colon: '：',
  },
};
