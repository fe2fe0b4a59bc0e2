/**
 * The words of the public map that the server also writes into its first response (the list of
 * places before any script runs, server/public/firstView.ts) and the page then shows live
 * (client/src/i18n/zhPublic.ts): one copy, so the two never disagree.
 */
export const PUBLIC_WORDS = {
  title: '三人行地图',
  subtitle: '高新区社区服务公开地图',
  summary: (venues: number, activities: number, partners: number) => `${venues} 处场地 · ${activities} 项活动与课堂 · ${partners} 家合作单位`,
  tabs: { venue: '场地', activity: '活动与课堂', partner: '合作单位' },
  emptyList: '暂无',
} as const;
