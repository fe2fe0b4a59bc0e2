import type { Lang } from './labels.ts';

/**
 * The notes the seed build (data/) adds to a feature's `source`: where a name or an outline comes
 * from, that a point is drawn by us, why a figure reads as it does. The seed stores them in
 * Chinese, the ledger's language (a CSV's 出处 column, the Chinese interface); the English
 * interface shows each of them in English through `sourceIn`. Quotes (“…”) and titles (《…》)
 * are the article's own words and are never changed, nor is anything staff typed that is not a
 * note of this list.
 */
export const SOURCE_NOTES = {
  zoneOutline: {
    zh: '轮廓：github.com/thebamboogrove/tudigong 的 counties-geo.topojson（MIT 许可），边界源自 CTAmap v1.30（Rui Cheng）2021 年版，tudigong 代码 370171，已简化（每部分 7–22 个顶点）',
    en: 'Outline: github.com/thebamboogrove/tudigong counties-geo.topojson (MIT), boundaries from CTAmap v1.30 (Rui Cheng), 2021 vintage, tudigong code 370171, simplified (7–22 vertices a part)',
  },
  zoneCode: { zh: '代码：国家统计局 2023 统计用区划代码', en: 'Code: NBS 2023 statistical division code' },
  zoneHighlights: { zh: '工作亮点', en: 'Highlights' },
  nbsNameCode: { zh: '名称与代码：国家统计局 2023', en: 'Name and code: NBS 2023' },
  articleName: { zh: '名称：见于报道，国家统计局 2023 名录中没有', en: 'Name: from the article, not in the NBS 2023 list' },
  articleCited: { zh: '报道原文', en: 'Article' },
  streetBoundary: {
    zh: '边界为示意：街道边界没有公开数据，由本项目从 tudigong/CTAmap 2021 高新区轮廓划出',
    en: 'Boundary: approximate, drawn by us (no public 街道 boundary exists) from the tudigong/CTAmap 2021 zone outline',
  },
  partShunhualu: { zh: '取高新区核心部分（第 4 部分，含汉峪金谷、齐鲁软件园）', en: 'as the zone’s core part (part 4, contains 汉峪金谷/齐鲁软件园)' },
  partSuncun: {
    zh: '取第 3 部分（核心与东部之间）和东部（第 1 部分）东经 117.30° 以西，在核心与巨野河之间',
    en: 'as part 3 (between the core and the east part) plus the east part (part 1) west of 117.30°E, between the core and 巨野河',
  },
  partJuyehe: { zh: '取东部（第 1 部分）东经 117.30° 以东', en: 'as the east part (part 1) east of 117.30°E' },
  partYaoqiang: { zh: '取北部（第 0 部分）东经 117.19° 以东，含济南遥墙机场', en: 'as the north part (part 0) east of 117.19°E, which holds Jinan Yaoqiang airport' },
  partLingang: { zh: '取北部（第 0 部分）东经 117.19° 以西', en: 'as the north part (part 0) west of 117.19°E' },
  pointServed: { zh: '位置为示意（在其服务的社区）', en: 'Point: approximate (at the community it serves)' },
  point: { zh: '位置为示意', en: 'Point: approximate' },
  roleCompany: { zh: '角色：报道的合伙模式把企事业单位列为合伙人', en: 'Role: the article’s 合伙 model names 企事业单位 as partners' },
  roleNone: {
    zh: '角色：报道未写明角色，与报道中其他受邀能人一样记为公益热心人',
    en: 'Role: the article names no role; recorded as 公益热心人 like the skilled people it invites elsewhere',
  },
  year: {
    zh: '年度记为 2024：报道（2024-04-23）把它作为今年以来的情况，未给出活动日期',
    en: 'Year 2024: the article (2024-04-23) reports this as current (今年以来), no event date given',
  },
  sessionsAverage: { zh: '场次为每年平均数，参与人次为累计数', en: 'Sessions: the yearly average; attendance: the total so far' },
  kindsDozens: { zh: '项目种类只写作数十种，没有具体数字，因此只写在简介中', en: 'The kinds are given only as 数十种 (dozens), with no number, so they stay in the description' },
  noHours: { zh: '报道未给出时间，时间安排取自课堂名称', en: 'The article gives no hours: the schedule is read off the class’s name' },
  peopleNotTimes: {
    zh: '6000余人是人数而非人次，因此记为合伙人的数据（特色项目受益人数），不计入参与人次',
    en: '6000余人 counts people, not 人次, so it is the partner’s figure for signature-project beneficiaries, not attendance',
  },
  aboutAndAtLeast: { zh: '约30余次既是约数也是下限', en: '约30余次 is both about and a lower bound' },
} as const satisfies Record<string, Readonly<Record<Lang, string>>>;

export type SourceNote = keyof typeof SOURCE_NOTES;

/** The notes, longest first, so that a note never replaces part of a longer one. */
const BY_LENGTH = Object.values(SOURCE_NOTES).sort((a, b) => b.zh.length - a.zh.length);

const FULL_WIDTH: Readonly<Record<string, string>> = { '（': ' (', '）': ')', '；': '; ', '：': ': ', '，': ', ', '。': '. ', '、': ', ' };

/**
 * Split a text into the parts outside quotes and titles (to translate) and the quotes and titles
 * themselves (kept); quotes nest (“成为“合伙人””).
 */
function segments(text: string): Array<{ quoted: boolean; text: string }> {
  const out: Array<{ quoted: boolean; text: string }> = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    const opens = ch === '“' || ch === '《';
    const closes = ch === '”' || ch === '》';
    if (opens && depth === 0 && current) {
      out.push({ quoted: false, text: current });
      current = '';
    }
    current += ch;
    if (opens) depth++;
    else if (closes && depth > 0 && --depth === 0) {
      out.push({ quoted: true, text: current });
      current = '';
    }
  }
  if (current) out.push({ quoted: depth > 0, text: current });
  return out;
}

/**
 * A `source` in the interface's language: as stored for Chinese; for English, every note of the
 * list in English and the Chinese punctuation between them in ASCII, quotes and titles untouched.
 */
export function sourceIn(source: string, lang: Lang): string {
  if (lang === 'zh') return source;
  return segments(source)
    .map((s) => {
      if (s.quoted) return s.text;
      let t = s.text;
      for (const note of BY_LENGTH) t = t.split(note.zh).join(note.en);
      return t
        .replace(/[（）；：，。、]/g, (ch) => FULL_WIDTH[ch] ?? ch)
        .replace(/ {2,}/g, ' ')
        .replace(/ ([),.;:])/g, '$1');
    })
    .join('')
    .trim();
}
