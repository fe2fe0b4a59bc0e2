import { describe, expect, it } from 'vitest';
import { featuresOf } from '../../../../model/index.ts';
import { readRecord, type FeatureRecord } from '../../data/record.ts';
import { docsWith, seedFeatures } from '../../ledger/testFixtures.ts';
import { explain } from './explain.ts';
import { partnerContext, partnerOf, type NeedItem } from './records.ts';
import { rankPartners } from './score.ts';
import { matchingStrings } from './strings.ts';

/**
 * The board's ranking against the real seed (data/seed): its partners, activities and
 * communities, read back from Y.Docs the way the workspace reads them. The needs are residents'
 * requests written for this test, each placed at its community's point.
 */
const records: FeatureRecord[] = [];
for (const [room, doc] of docsWith(seedFeatures())) {
  featuresOf(doc).forEach((entry, id) => {
    const record = readRecord(room, id, entry);
    if (record) records.push(record);
  });
}
const layer = (name: FeatureRecord['layer']) => records.filter((r) => r.layer === name);
const placeNames = [...layer('community'), ...layer('street')].map((r) => r.name);

function needIn(communityName: string, name: string, description = '', over: Partial<NeedItem> = {}): NeedItem {
  const community = layer('community').find((r) => r.name === communityName);
  if (!community || community.geometry.type !== 'Point') throw new Error(`no community ${communityName} in the seed`);
  const [lng, lat] = community.geometry.coordinates;
  return { id: `need-${name}`, name, description, community: community.id, street: String(community.fields.street), coordinates: [lng!, lat!], status: 'open', matchedPartner: null, ...over };
}

/** Ranked candidates with the partners' names, given the needs already on the board (which make partners busy). */
function rank(need: NeedItem, board: NeedItem[] = []) {
  const context = partnerContext(layer('activity'), board);
  const partners = layer('partner').map((r) => partnerOf(r, context));
  const nameOf = new Map(partners.map((p) => [p.id, p.name]));
  return rankPartners(need, partners, { placeNames }).map((c) => ({ ...c, name: nameOf.get(c.partnerId)! }));
}

const LEGAL_VOLUNTEERS = ['孙宝玲', '张兆荣', '翡翠雅郡北区退休老人文艺队伍'];

/**
 * need → the partners expected on top, best first. Where partners offer the same thing from the
 * same place their scores tie within a point, and only who is on top is asserted (`anyOrder`).
 */
const TABLE: Array<{ need: NeedItem; top: string[]; anyOrder?: true }> = [
  // A legal talk: the three whose services are literally 普法宣传、邻里矛盾调解, in the need's own community.
  { need: needIn('翡翠雅郡北区社区', '翡翠雅郡北区想办普法讲座', '居民想了解邻里纠纷相关的法律'), top: LEGAL_VOLUNTEERS, anyOrder: true },
  // Issue 12's case: a legal talk elsewhere in 孙村; the same volunteers, 1.5 km away, before the partners 10 km away.
  { need: needIn('云海社区', '普法讲座'), top: LEGAL_VOLUNTEERS, anyOrder: true },
  // …but in 彩虹湖 the community's own: the prison that gives its legal talks and the secretary who invites them.
  { need: needIn('彩虹湖社区', '普法讲座'), top: ['山东省女子监狱', '程皓'], anyOrder: true },
  // Paper-cutting: the 剪纸 artist first, though the bank's 非遗扎染 organiser is in the need's own community.
  { need: needIn('玉兰社区', '想学剪纸'), top: ['徐建国', '杜晓蕾'] },
  // Reading: the reading room's partners (the publisher who donated the books, the secretary who set it up).
  { need: needIn('彩虹湖社区', '彩虹湖社区阅览室缺少图书', '阅览室的书太少，希望有单位捐赠图书'), top: ['程皓', '山东出版传媒股份有限公司'] },
  { need: needIn('云海社区', '想办读书会'), top: ['山东出版传媒股份有限公司', '程皓'], anyOrder: true },
  // Pastry: the pastry expert; the zone-wide organisation that runs trainings comes next, far behind.
  { need: needIn('东城新苑社区', '社区妇女想学面点制作', '增加就业技能'), top: ['刘倩', '幸福益工'] },
  // After school: the volunteer of the 四点半小课堂.
  { need: needIn('云海社区', '孩子放学后没人照看', '家长下班晚，需要课后托管'), top: ['李新新'] },
  // Mediation: the community's own mediator first, then the 普法/调解 volunteers of the subdistrict.
  { need: needIn('云湖社区', '邻里纠纷需要调解'), top: ['能人汇工作室·调解能人', ...LEGAL_VOLUNTEERS] },
  // Environment: the power company that supports it and the secretary who asked it to.
  { need: needIn('彩虹湖社区', '小区环境脏乱', '希望改善绿化'), top: ['程皓', '济南东盛热电有限公司'], anyOrder: true },
];

describe('the ranking of the seed’s partners', () => {
  it.each(TABLE)('$need.name ($need.description) → $top', ({ need, top, anyOrder }) => {
    const ranked = rank(need);
    const names = ranked.slice(0, top.length).map((c) => c.name);
    if (anyOrder) expect(names.toSorted()).toEqual(top.toSorted());
    else expect(names).toEqual(top);
    // A partner that clearly fits scores high, not 3 %.
    expect(ranked[0]!.score).toBeGreaterThanOrEqual(60);
  });

  it('does not put the zone-wide organisation above the volunteers who literally offer the service (issue 12)', () => {
    const ranked = rank(needIn('云海社区', '普法讲座'));
    expect(ranked.map((c) => c.name)).not.toContain('幸福益工');
    for (const c of ranked.slice(0, 3)) expect(c.score).toBeGreaterThanOrEqual(80);
    expect(explain(ranked[0]!, matchingStrings.zh, '孙村街道')).toEqual({ fit: '服务含“普法”；同属“普法宣传”', where: expect.stringMatching(/^同在孙村街道；距离 1\.[0-9] 公里；当前无对接中的需求$/) });
  });

  it('scores a partner that offers something else low', () => {
    const ranked = rank(needIn('东城新苑社区', '社区妇女想学面点制作', '增加就业技能'));
    // 杜晓蕾 shares only the word 制作 (团扇制作), and works on the other side of the zone.
    const fan = ranked.find((c) => c.name === '杜晓蕾');
    expect(fan?.score ?? 0).toBeLessThan(20);
    expect(rank(needIn('彩虹湖社区', '路灯坏了，晚上太黑'))).toEqual([]);
  });

  it('moves a volunteer who already has needs in progress below her equals, and says so', () => {
    const legal = needIn('翡翠雅郡北区社区', '翡翠雅郡北区想办普法讲座', '居民想了解邻里纠纷相关的法律');
    const busy = 'partner-feicuiyajun-north-retired-volunteer-a';
    const board = [
      needIn('翡翠雅郡北区社区', '调解楼上漏水纠纷', '', { status: 'matched', matchedPartner: busy }),
      needIn('翡翠雅郡北区社区', '调解停车纠纷', '', { status: 'matched', matchedPartner: busy }),
      // A done need is history, not load.
      needIn('翡翠雅郡北区社区', '普法进楼道', '', { status: 'done', matchedPartner: 'partner-feicuiyajun-north-retired-volunteer-b' }),
    ];
    const ranked = rank(legal, [legal, ...board]);
    expect(ranked.slice(0, 3).map((c) => c.name)).toEqual(['张兆荣', '翡翠雅郡北区退休老人文艺队伍', '孙宝玲']);
    expect(explain(ranked[2]!, matchingStrings.zh, '孙村街道').where).toContain('当前对接 2 项');
    // Slightly: still far above the partners 10 km away.
    expect(ranked[2]!.score).toBeGreaterThan(ranked[3]!.score + 20);
  });
});
