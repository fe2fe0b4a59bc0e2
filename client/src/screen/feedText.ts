import { zh } from '../i18n/zh.ts';
import { zhScreen } from '../i18n/zhScreen.ts';
import { streetName } from '../ui/labels.ts';
import type { FeedEntry } from './changeFeed.ts';

const MAX_FIELDS = 3;

/** Where a feature belongs, as a reader of the wall says it: its community, else its 街道, else 全区. */
export function placeOf(entry: Pick<FeedEntry, 'subject'>, nameOf: (id: string) => string | null): string {
  const { community, street, layer } = entry.subject;
  if (community && layer !== 'community') {
    const name = nameOf(community);
    if (name) return name;
  }
  if (street && layer !== 'street') return streetName(street) ?? street;
  return zhScreen.feed.zoneWide;
}

function layerName(layer: string | null): string {
  return layer && layer in zh.layerNames ? zh.layerNames[layer as keyof typeof zh.layerNames] : '';
}

/** "雅居园社区 新增活动 “非遗剪纸课堂”", "… 更新场地 “…”：开放时间、简介". Never a value, only field names. */
export function feedLine(entry: FeedEntry, nameOf: (id: string) => string | null): string {
  const place = placeOf(entry, nameOf);
  const verb = zhScreen.feed.verbs[entry.kind];
  if (entry.kind === 'bulk') return `${place} ${verb}${zhScreen.feed.bulkCount(entry.count)}`;
  const head = `${place} ${verb}${layerName(entry.subject.layer)} “${entry.subject.name}”`;
  if (entry.kind !== 'update' || entry.fields.length === 0) return head;
  const labels = [...new Set(entry.fields.map((f) => (f === 'private' ? zhScreen.feed.privateField : (zh.fields[f] ?? f))))];
  const shown = labels.slice(0, MAX_FIELDS).join('、');
  return `${head}：${shown}${labels.length > MAX_FIELDS ? '…' : ''}`;
}

export function clockTime(at: number, seconds = false): string {
  const d = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}${seconds ? `:${pad(d.getSeconds())}` : ''}`;
}
