import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PARTNER_ROLE_LABELS, SOURCE_NOTES, STREETS, type Feature, type FeatureOf, type Figure } from '../model/index.ts';
import { NBS_FILE, SOURCES_DIR } from './build-seed.ts';
import { loadSeed } from './load.ts';
import { communityLabel, nbsCommunities, readNbsCsv } from './nbs.ts';
import { PERSONS } from './persons.ts';

/**
 * Proves that every fact of FACTS.md is in the seed. Structured parts of FACTS.md (the
 * subdistrict/community table, the roles table, the mechanisms, every "min N") are parsed, so
 * a fact added there fails here until the seed has it; the rest is listed fact by fact. Each
 * test is named after its fact, so a failure says which fact is missing.
 */

const FACTS = readFileSync(join(SOURCES_DIR, 'FACTS.md'), 'utf8');
const seed = loadSeed();
const ofLayer = <L extends Feature['layer']>(layer: L) => seed.filter((f): f is FeatureOf<L> => f.layer === layer);
const zone = ofLayer('zone')[0];

const han = (cell: string) => cell.match(/^\p{Script=Han}+/u)?.[0] ?? '';
const community = (name: string) => ofLayer('community').find((c) => c.name === name);
const partner = (name: string) => ofLayer('partner').find((p) => p.name === name);
const activity = (name: string) => ofLayer('activity').find((a) => a.name.includes(name));
const atCommunity = (f: { community: string | null } | undefined, name: string) => !!f && f.community === community(name)?.id;
const isMin = (f: Figure | undefined, value: number) => f?.value === value && f.atLeast;

/** Rows of the markdown table that follows `heading`, as trimmed cells. */
function tableAfter(heading: string): string[][] {
  const lines = FACTS.slice(FACTS.indexOf(heading)).split('\n');
  const start = lines.findIndex((l) => l.startsWith('|'));
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(line.split('|').slice(1, -1).map((c) => c.trim()));
  }
  return rows;
}

describe('FACTS.md: subdistricts and communities (parsed from the table)', () => {
  let street = '';
  const rows = tableAfter('## Subdistricts').map(([sub = '', comm = '']) => {
    street = han(sub) || street;
    return { street, community: han(comm) };
  });

  it('the table parses to the nine communities of the article', () => expect(rows).toHaveLength(9));

  it.each(rows)('$community in $street', ({ street: streetName, community: name }) => {
    const s = STREETS.find((x) => x.name === streetName);
    expect(s, `subdistrict ${streetName}`).toBeDefined();
    expect(ofLayer('street').some((f) => f.street === s?.id && f.name === streetName), `street feature ${streetName}`).toBe(true);
    expect(community(name)?.street, `community ${name}`).toBe(s?.id);
    expect(community(name)?.highlights.length, `highlights of ${name}`).toBeGreaterThan(0);
  });
});

describe('FACTS.md: the programme (parsed)', () => {
  const roles = tableAfter('## The programme').map(([role = '']) => han(role));
  it.each(roles)('role %s is a zone highlight and a partner role in use', (label) => {
    expect(zone?.highlights).toContain(label);
    const role = (Object.keys(PARTNER_ROLE_LABELS) as Array<keyof typeof PARTNER_ROLE_LABELS>).find((r) => PARTNER_ROLE_LABELS[r] === label);
    expect(role, label).toBeDefined();
    expect(ofLayer('partner').some((p) => p.role === role), `a partner with role ${label}`).toBe(true);
  });

  const paragraph = FACTS.slice(FACTS.indexOf('Mechanisms named:')).split('\n\n')[0] ?? '';
  const mechanisms = [...paragraph.matchAll(/\(([^()]*\p{Script=Han}[^()]*)\)/gu)].map((m) => m[1]!);
  it('names seven mechanisms and the offline+online needs survey', () => expect(mechanisms).toHaveLength(8));
  it.each(mechanisms)('mechanism %s is a zone highlight', (m) => {
    expect(zone?.highlights.some((h) => h.includes(m)), m).toBe(true);
  });

  it('the zone is 济南高新区 with NBS code 370176', () => {
    expect(zone?.name).toContain('济南高新技术产业开发区');
    expect(zone?.code).toBe('370176');
    expect(zone?.provenance).toBe('tudigong-2021');
    expect(zone?.source).toContain('370171');
  });
});

describe('FACTS.md: every "min N" is a lower-bound figure (parsed)', () => {
  const figures = [
    ...ofLayer('activity').flatMap((a) => [a.kinds, a.sessions, a.attendance]),
    ...ofLayer('partner').flatMap((p) => Object.values(p.figures)),
    ...ofLayer('venue').flatMap((v) => [v.areaM2, v.capacity, v.books]),
  ].filter((f): f is Figure => f !== undefined);
  const mins = [...FACTS.matchAll(/min (\d[\d,]*)(?=([^\n|;]{0,30}))/g)].map((m) => ({ value: Number(m[1]!.replace(/,/g, '')), context: `min ${m[1]}${m[2]}` }));
  it('finds the lower bounds', () => expect(mins.length).toBeGreaterThanOrEqual(12));
  it.each(mins)('$context', ({ value }) => {
    expect(figures.some((f) => isMin(f, value))).toBe(true);
  });
});

describe('FACTS.md: people and organisations (parsed)', () => {
  // FACTS.md writes people as "<role word> 名字[, 名字]"; a name is 2–3 characters not followed by more.
  const named = [...FACTS.matchAll(/(?:secretary|partner|expert|volunteers?) ((?:\p{Script=Han}{2,3}(?!\p{Script=Han})(?:, )?)+)/gu)].flatMap((m) => m[1]!.split(', ').filter(Boolean));
  it('every person FACTS.md names is in the test list of persons', () => {
    expect(named.length).toBeGreaterThanOrEqual(9);
    expect(named.filter((n) => !PERSONS.some((p) => p.name === n))).toEqual([]);
  });
  it.each(PERSONS.map((p) => p.name))('%s is named in FACTS.md and is a person partner with a role', (name) => {
    expect(FACTS).toContain(name);
    expect(partner(name)?.kind).toBe('person');
    expect(partner(name)?.role).toBeDefined();
  });

  const organisations = [...new Set([...FACTS.matchAll(/\p{Script=Han}+(?:有限公司|监狱|支行)/gu)].map((m) => m[0]))];
  it('finds the four organisations', () => expect(organisations).toHaveLength(4));
  it.each(organisations)('organisation %s is a partner or a partner’s organisation', (org) => {
    expect(ofLayer('partner').some((p) => p.name === org || p.organisation === org)).toBe(true);
  });
});

describe('the NBS list', () => {
  const rows = nbsCommunities(readNbsCsv(readFileSync(join(SOURCES_DIR, NBS_FILE), 'utf8')));
  it('has 201 communities, and the seed has each with its code, name and street', () => {
    expect(rows).toHaveLength(201);
    for (const row of rows) {
      const c = ofLayer('community').find((f) => f.code === row.code);
      expect(c && c.name === communityLabel(row.name) && c.street === row.street, `${row.code} ${row.name}`).toBe(true);
    }
  });
});

/** The facts of FACTS.md one by one: [fact, check]. */
const EXPECTED: Array<[string, () => boolean]> = [
  // 东城新苑
  ['东城新苑社区 (巨野河) is on the map although the NBS list lacks it', () => community('东城新苑社区')?.street === 'juyehe' && community('东城新苑社区')?.code === undefined],
  ['东城新苑 has a 党群服务中心', () => ofLayer('venue').some((v) => v.venueType === '党群服务中心' && atCommunity(v, '东城新苑社区'))],
  ['微创业面点创客沙龙 at the 东城新苑 党群服务中心', () => activity('微创业面点创客沙龙')?.venue === 'venue-dongchengxinyuan-party-service-centre' && activity('微创业面点创客沙龙')?.category === '技能培训'],
  ['技能达人 刘倩 teaches pastry-making at the salon', () => !!partner('刘倩')?.title?.includes('技能达人') && !!activity('微创业面点创客沙龙')?.partners.includes(partner('刘倩')!.id)],
  ['the salon aims at women residents’ employment skills', () => !!activity('微创业面点创客沙龙')?.description?.includes('社区女性的就业技能')],
  // 新东方花园
  ['肖翠翠 is 新东方花园’s party committee secretary, a 先锋经纪人', () => partner('肖翠翠')?.role === 'broker' && !!partner('肖翠翠')?.title?.includes('党委书记') && atCommunity(partner('肖翠翠'), '新东方花园社区')],
  ['service brand 老肖直通车 on 新东方花园', () => !!community('新东方花园社区')?.brands.includes('老肖直通车')],
  ...['群众诉求联合办理', '矛盾纠纷多元化解', '网格精细服务', '居民需求即时解决'].map((h): [string, () => boolean] => [`新东方花园: ${h}`, () => !!community('新东方花园社区')?.highlights.includes(h)]),
  // 凤园
  ['赵雨蒙 is 凤园’s party branch secretary, a 先锋经纪人', () => partner('赵雨蒙')?.role === 'broker' && !!partner('赵雨蒙')?.title?.includes('党支部书记') && atCommunity(partner('赵雨蒙'), '凤园社区')],
  ['凤园 activity room of 60 m²', () => ofLayer('venue').some((v) => v.venueType === '活动室' && v.areaM2?.value === 60 && !v.areaM2.atLeast && atCommunity(v, '凤园社区'))],
  ...['花艺师', '美术教师', '书法家'].map((t): [string, () => boolean] => [`凤园 volunteers: ${t}`, () => ofLayer('partner').some((p) => p.role === 'volunteer' && p.title === t && atCommunity(p, '凤园社区'))]),
  // 雅居园
  ['徐建国, paper-cut artist, red partner of 雅居园', () => partner('徐建国')?.role === 'partner' && partner('徐建国')?.title === '剪纸艺术家' && atCommunity(partner('徐建国'), '雅居园社区')],
  ['非遗剪纸公益课堂: min 10 kinds, min 50 sessions a year, min 1,200 attendances', () => {
    const a = activity('非遗剪纸公益课堂');
    return a?.category === '非遗传承' && isMin(a.kinds, 10) && isMin(a.sessions, 50) && isMin(a.attendance, 1200) && !!a.partners.includes(partner('徐建国')?.id ?? '?');
  }],
  // 玉兰
  ['杜晓蕾 of 民生银行玉兰支行, red partner of 玉兰', () => partner('杜晓蕾')?.role === 'partner' && partner('杜晓蕾')?.organisation === '民生银行玉兰支行' && atCommunity(partner('杜晓蕾'), '玉兰社区')],
  ['玉兰: 插花, 非遗扎染, 团扇制作, “dozens” of kinds, min 1,000 attendances', () => {
    const a = activity('插花');
    return !!a && ['插花', '非遗扎染', '团扇制作', '数十种'].every((w) => a.description?.includes(w)) && isMin(a.attendance, 1000) && atCommunity(a, '玉兰社区');
  }],
  // 彩虹湖
  ['程皓 is 彩虹湖’s party branch secretary, a 先锋经纪人', () => partner('程皓')?.role === 'broker' && !!partner('程皓')?.title?.includes('党支部书记') && atCommunity(partner('程皓'), '彩虹湖社区')],
  ['彩虹湖 reading room of nearly 1,000 books', () => ofLayer('venue').some((v) => v.venueType === '阅览室' && v.books?.value === 1000 && v.books.about === true && !v.books.atLeast && atCommunity(v, '彩虹湖社区'))],
  ...([
    ['山东出版传媒股份有限公司', 'company', '图书捐赠', '阅读'],
    ['山东省女子监狱', 'institution', '普法宣传教育', '普法宣传'],
    ['济南东盛热电有限公司', 'company', '环境提升', '环境提升'],
  ] as const).map(([name, kind, service, category]): [string, () => boolean] => [
    `${name} partners 彩虹湖 (${service})`,
    () => partner(name)?.kind === kind && atCommunity(partner(name), '彩虹湖社区') && !!partner(name)?.services.some((s) => s.includes(service)) && ofLayer('activity').some((a) => a.category === category && a.partners.includes(partner(name)!.id)),
  ]),
  ['山东省女子监狱 gave several (多次) legal-education talks', () => !!activity('普法宣传教育')?.description?.includes('多次')],
  // 翡翠雅郡北区
  ...(['孙宝玲', '张兆荣'] as const).map((n): [string, () => boolean] => [`${n}, retiree, 公益热心人 of 翡翠雅郡北区`, () => partner(n)?.role === 'volunteer' && partner(n)?.title === '退休老人' && atCommunity(partner(n), '翡翠雅郡北区社区')]),
  ['arts troupe of min 20 retirees, min 20 community events', () => {
    const troupe = ofLayer('partner').find((p) => p.kind === 'group' && atCommunity(p, '翡翠雅郡北区社区'));
    return isMin(troupe?.figures.members, 20) && isMin(troupe?.figures.communityEvents, 20) && isMin(activity('文艺队伍')?.sessions, 20);
  }],
  ['翡翠雅郡北区: legal publicity and neighbour mediation', () => activity('普法宣传、邻里矛盾调解')?.category === '调解服务' && atCommunity(activity('普法宣传、邻里矛盾调解'), '翡翠雅郡北区社区')],
  // 云海
  ['李新新, 公益热心人 of 云海, runs the 四点半小课堂', () => partner('李新新')?.role === 'volunteer' && atCommunity(partner('李新新'), '云海社区') && !!activity('四点半小课堂')?.partners.includes(partner('李新新')!.id)],
  ['四点半小课堂: children leave school early, parents finish work late', () => activity('四点半小课堂')?.category === '托管教育' && !!activity('四点半小课堂')?.description?.includes('孩子放学早、父母下班晚') && !!activity('四点半小课堂')?.schedule],
  // 云湖
  ['云湖 能人汇工作室, motto 凌云壮志、民呼我为', () => ofLayer('venue').some((v) => v.name === '能人汇工作室' && v.venueType === '工作室' && v.motto === '凌云壮志、民呼我为' && atCommunity(v, '云湖社区'))],
  ...['调解能人', '工匠能人', '书法能人', '舞蹈能人', '乐器能人', '曲艺能人', '摄影能人'].map((t): [string, () => boolean] => [`云湖 studio: ${t}`, () => ofLayer('partner').some((p) => p.kind === 'group' && p.title === t && atCommunity(p, '云湖社区'))]),
  // 幸福益工
  ['幸福益工 is a zone-wide social organisation serving every subdistrict', () => partner('幸福益工')?.kind === 'social_org' && partner('幸福益工')?.street === null && partner('幸福益工')?.servesAll === true && partner('幸福益工')?.role === 'partner'],
  ...([
    ['activities', 600, 'min 600 public-welfare activities and trainings'],
    ['attendance', 10000, 'min 10,000 beneficiary attendances'],
    ['signatureProjectSessions', 400, 'min 400 sessions of signature projects'],
    ['signatureProjectBeneficiaries', 6000, 'min 6,000 beneficiaries'],
    ['linkedFirms', 30, 'min 30 small and medium firms'],
    ['selfGovernanceActivities', 30, 'about min 30 self-governance activities'],
  ] as const).map(([key, value, fact]): [string, () => boolean] => [`幸福益工: ${fact}`, () => isMin(partner('幸福益工')?.figures[key], value)]),
  ['幸福益工: “about” min 30 self-governance activities is approximate too', () => partner('幸福益工')?.figures.selfGovernanceActivities?.about === true],
  // dates
  ['no single-event dates: activities carry the year 2024 and no date', () => ofLayer('activity').every((a) => a.year === 2024 && a.date === undefined && !!a.source?.includes(SOURCE_NOTES.year.zh))],
  ['no resident needs are invented', () => ofLayer('need').length === 0],
];

describe('FACTS.md, fact by fact', () => {
  it.each(EXPECTED)('%s', (fact, check) => {
    expect(check(), `missing fact: ${fact}`).toBe(true);
  });
});
