/**
 * What the public page and the server's first response for it (server/public/firstView.ts: the
 * list of places and the public doc's state, written into the HTML before any script runs) must
 * agree on, in one copy so the two never drift apart.
 */

/** Elements of the first response that the page's script finds by id (client/src/public/). */
export const PUBLIC_PAGE_IDS = {
  /** The list and the sketch, removed once the live view has something to show. */
  firstView: 'first-view',
  /** The public doc's state (a Yjs update, base64 in JSON) that the page's doc starts from. */
  stateBlock: 'public-state',
} as const;

/** The words both show (client/src/i18n/zhPublic.ts has the page's others). */
export const PUBLIC_WORDS = {
  title: '三人行地图',
  subtitle: '高新区社区服务公开地图',
  summary: (venues: number, activities: number, partners: number) => `${venues} 处阵地 · ${activities} 项活动与课堂 · ${partners} 个合伙人`,
  tabs: { venue: '阵地', activity: '活动与课堂', partner: '合伙人' },
  emptyList: '暂无',
} as const;

