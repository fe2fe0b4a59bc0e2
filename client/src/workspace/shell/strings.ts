import { defineStrings } from '../../i18n/i18n.ts';

export const shellStrings = defineStrings(
  'shell',
  {
    panels: { details: '详情', table: '表格', matching: '需求匹配', charts: '图表', history: '历史', ledger: '导入导出' },
    panelsLabel: '工作区面板',
    undo: '撤销',
    redo: '重做',
    undoHint: '撤销我的上一步修改（Ctrl+Z），不会撤销同事的修改',
    redoHint: '重做（Ctrl+Shift+Z）',
    language: 'English',
    languageHint: 'Switch to English',
    readOnly: '只读：当前身份不能修改数据',
    showPanel: '展开面板',
    hidePanel: '收起面板',
  },
  {
    panels: { details: 'Details', table: 'Table', matching: 'Matching', charts: 'Charts', history: 'History', ledger: 'Import / export' },
    panelsLabel: 'Workspace panels',
    undo: 'Undo',
    redo: 'Redo',
    undoHint: 'Undo my last change (Ctrl+Z); never a colleague’s',
    redoHint: 'Redo (Ctrl+Shift+Z)',
    language: '中文',
    languageHint: '切换到中文',
    readOnly: 'Read-only: this session cannot change data',
    showPanel: 'Show panel',
    hidePanel: 'Hide panel',
  },
);
