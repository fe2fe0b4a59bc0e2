/** Strings of the staff map only (index.html): the feature panel and 投屏演示. See zh.ts. */
export const zhStaff = {
  panel: {
    close: '关闭',
    privateTitle: '内部信息（仅工作人员可见）',
    empty: '点击地图上的要素查看详情',
    room: '数据分区',
  },

  present: {
    off: '投屏演示',
    on: '演示中 · 点击结束',
    startHint: '让数据大屏跟随这张地图的视野（仅共享视野，不写入数据）',
    stopHint: '结束演示，大屏恢复自动巡览',
  },
} as const;
