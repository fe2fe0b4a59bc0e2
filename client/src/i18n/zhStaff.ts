/** Strings of the staff map only (index.html): the feature panel and 投屏演示. See zh.ts. */
export const zhStaff = {
  /** The phone header's ⋯ menu (colleagues, 投屏演示, language, who is signed in, each room). */
  menu: '更多',
  present: {
    off: '投屏演示',
    on: '演示中 · 点击结束',
    startHint: '让数据大屏跟随这张地图的视野（仅共享视野，不写入数据）',
    stopHint: '结束演示，大屏恢复自动巡览',
  },
} as const;
