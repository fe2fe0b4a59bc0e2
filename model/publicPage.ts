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
  /** The label font files the map's first frame needs (JSON list of URLs), fetched when the page wants its map. */
  labelFonts: 'label-fonts',
} as const;

/**
 * The places a public link may point at (`/public?venue=<id>`, …), in the order both read them:
 * the first one present is the link's place (the page opens its card; the server writes its share
 * card, for a venue, an activity or a partner).
 */
export const LINK_LAYERS = ['venue', 'community', 'activity', 'partner', 'street'] as const;

/** The words both show (client/src/i18n/zhPublic.ts has the page's others). */
export const PUBLIC_WORDS = {
  title: '三人行地图',
  subtitle: '高新区社区服务公开地图',
  // No-break spaces between a count and its word: the line wraps between counts, never inside one.
  summary: (venues: number, activities: number, partners: number) => `${venues}\u00a0处阵地 · ${activities}\u00a0项活动与课堂 · ${partners}\u00a0个合伙人`,
  tabs: { venue: '阵地', activity: '活动与课堂', partner: '合伙人' },
  emptyList: '暂无',
  /** A place's card, whose top the server writes for a `?venue=` link (the page then shows the whole card). */
  card: { openingHours: '开放时间', openingHoursUnknown: '请咨询所在社区', community: '所属社区' },
  /** The server's card links back to the list (with JavaScript off; the page's card has a close button). */
  allPlaces: '全部地点',
  /** The zone's sketch where the map will be, until the map has painted (its text alternative). */
  sketch: '高新区区域轮廓（地图加载中）',
} as const;

