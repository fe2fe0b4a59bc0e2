import { ROLE_WORDS } from '../../../../model/index.ts';
import { defineStrings } from '../../i18n/i18n.ts';

export const collabStrings = defineStrings(
  'collab',
  {
    online: '在线同事',
    nobody: '暂无其他同事在线',
    roles: ROLE_WORDS.zh as Record<string, string>,
    zone: '全区',
    tabs: (n: number) => `${n} 个窗口`,
    follow: '跟随',
    followHint: (name: string) => `跟随 ${name} 的地图视野`,
    following: (name: string) => `正在跟随 ${name}`,
    stop: '停止',
    stopHint: '停止跟随，自己操作地图',
    offlineKept: '离线：修改已保存在本机，恢复连接后自动合并',
    offlineMemory: '离线：修改暂存在此页面（关闭页面会丢失），恢复连接后自动合并',
    syncing: '同步中…',
    selecting: (name: string) => `${name} 选中的要素`,
  },
  {
    online: 'Colleagues online',
    nobody: 'No colleague online',
    roles: ROLE_WORDS.en as Record<string, string>,
    zone: 'Whole zone',
    tabs: (n: number) => `${n} windows`,
    follow: 'Follow',
    followHint: (name: string) => `Follow ${name}'s map view`,
    following: (name: string) => `Following ${name}`,
    stop: 'Stop',
    stopHint: 'Stop following and move the map yourself',
    offlineKept: 'Offline: your changes are saved on this device and merge automatically when the connection returns',
    offlineMemory: 'Offline: your changes are held in this page (lost if it is closed) and merge when the connection returns',
    syncing: 'Syncing…',
    selecting: (name: string) => `Selected by ${name}`,
  },
);
