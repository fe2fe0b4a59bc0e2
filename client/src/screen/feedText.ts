import { zhScreen } from '../i18n/zhScreen.ts';
import type { FeedEntry } from './changeFeed.ts';
import type { ScreenText } from './words.ts';

const MAX_FIELDS = 3;

/** Where a feature belongs, as a reader of the wall says it: its community, else its 街道, else 全区. */
export function placeOf(entry: Pick<FeedEntry, 'subject'>, nameOf: (id: string) => string | null, w: ScreenText = zhScreen): string {
  const { community, street, layer } = entry.subject;
  if (community && layer !== 'community') {
    const name = nameOf(community);
    if (name) return name;
  }
  if (street && layer !== 'street') return w.shared.streets[street] ?? street;
  return w.feed.zoneWide;
}

/** "雅居园社区 新增活动 “非遗剪纸课堂”", "… 更新阵地 “…”：开放时间、简介". Never a value, only field names. */
export function feedLine(entry: FeedEntry, nameOf: (id: string) => string | null, w: ScreenText = zhScreen): string {
  const place = placeOf(entry, nameOf, w);
  const verb = w.feed.verbs[entry.kind];
  // Chinese runs verb and noun together (新增活动); English needs a space (added activity).
  const gap = w.lang === 'en' ? ' ' : '';
  if (entry.kind === 'bulk') return `${place} ${verb}${gap}${w.feed.bulkCount(entry.count)}`;
  const layer = entry.subject.layer ? (w.shared.layerNames[entry.subject.layer] ?? '') : '';
  const head = `${place} ${verb}${layer ? gap + layer : ''} “${entry.subject.name}”`;
  if (entry.kind !== 'update' || entry.fields.length === 0) return head;
  const labels = [...new Set(entry.fields.map((f) => (f === 'private' ? w.feed.privateField : (w.shared.fields[f] ?? f))))];
  const shown = labels.slice(0, MAX_FIELDS).join(w.shared.listSeparator);
  return `${head}${w.shared.colon}${shown}${labels.length > MAX_FIELDS ? '…' : ''}`;
}

export function clockTime(at: number, seconds = false): string {
  const d = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}${seconds ? `:${pad(d.getSeconds())}` : ''}`;
}
