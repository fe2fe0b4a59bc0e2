import { SOURCE_NOTES, type FeatureInput, type SourceNote, type StreetId } from '../model/index.ts';

/**
 * What the Jinan Daily article of 2024-04-23 says, as feature drafts (sources/article.txt,
 * summarised in sources/FACTS.md). Nothing here is invented: every name, figure and phrase is
 * the article's. Geometry, `street`, `provenance` and the community links are added by
 * build-seed.ts, which places each draft near the community it is `at`.
 *
 * Privacy rule: a person's name appears only in `name`/`source` of a partner of kind `person`,
 * which projectPublic keeps off the public map. Every other feature is public, so its text
 * quotes the article with the name left out (data/seed.test.ts checks this).
 */

export const CITE = '舜网-济南日报 2024-04-23《济南高新区深入开展党建引领基层治理“三人行”》';
/** The article gives no event dates; its figures are reported as current on its date. */
export const YEAR = 2024;
/** A source note in the seed's language (Chinese); the English interface shows it in English (model/sourceNotes.ts). */
export const note = (key: SourceNote): string => SOURCE_NOTES[key].zh;
/** The article's words, then our notes: 舜网-济南日报 …《…》：“…”。位置为示意 */
const cite = (quote: string, ...notes: string[]): string => [`${CITE}：“${quote}”`, ...notes].join('。');
const YEAR_NOTE = note('year');

type Without<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type Filled = 'id' | 'geometry' | 'street' | 'provenance' | 'community' | 'communities';
type Draft<L extends FeatureInput['layer']> = Without<Extract<FeatureInput, { layer: L }>, Filled | 'layer'> & {
  id: string;
  /** Community key this feature sits at, or null for a zone-wide feature. */
  at: CommunityKey | null;
};

/** The nine communities the article names. `code` is the NBS 2023 code; 东城新苑 has none. */
export const ARTICLE_COMMUNITIES = {
  dongchengxinyuan: {
    street: 'juyehe',
    code: null,
    name: '东城新苑社区',
    brands: [],
    highlights: ['微创业面点创客沙龙', '增强社区女性的就业技能'],
    quote: '巨野河街道在东城新苑社区党群服务中心举办微创业面点创客沙龙活动',
  },
  xindongfang: {
    street: 'shunhualu',
    code: '370176001007',
    name: '新东方花园社区',
    brands: ['老肖直通车'],
    highlights: ['群众诉求联合办理', '矛盾纠纷多元化解', '网格精细服务', '居民需求即时解决'],
    quote: '舜华路街道新东方花园社区党委书记……搭建“老肖直通车”党建服务品牌',
  },
  fengyuan: {
    street: 'shunhualu',
    code: '370176001045',
    name: '凤园社区',
    brands: [],
    highlights: ['协调60平方米活动室供居民使用', '对接花艺师、美术教师、书法家等公益热心人开展社区活动'],
    quote: '在舜华路街道凤园社区，党支部书记……协调60平方米活动室供居民使用',
  },
  yajuyuan: {
    street: 'shunhualu',
    code: '370176001012',
    name: '雅居园社区',
    brands: [],
    highlights: ['非遗剪纸公益课堂'],
    quote: '舜华路街道雅居园社区有一位……剪纸艺术家……与社区共同开办非遗剪纸公益课堂',
  },
  yulan: {
    street: 'shunhualu',
    code: '370176001047',
    name: '玉兰社区',
    brands: [],
    highlights: ['插花、非遗扎染、团扇制作等数十种活动'],
    quote: '在舜华路街道玉兰社区，民生银行玉兰支行的……成为“合伙人”',
  },
  caihonghu: {
    street: 'suncun',
    code: '370176002001',
    name: '彩虹湖社区',
    brands: [],
    highlights: ['梳理需求清单', '近千册图书的社区阅览室', '普法宣传教育', '社区环境提升'],
    quote: '孙村街道彩虹湖社区党支部书记……梳理需求清单',
  },
  'feicuiyajun-north': {
    street: 'suncun',
    code: '370176002008',
    name: '翡翠雅郡北区社区',
    brands: [],
    highlights: ['20余名退休老人组成的文艺队伍', '普法宣传', '邻里矛盾调解'],
    quote: '在孙村街道翡翠雅郡北区社区，……两位退休老人成为“公益热心人”后，组建起20余名退休老人组成的文艺队伍',
  },
  yunhai: {
    street: 'suncun',
    code: '370176002006',
    name: '云海社区',
    brands: [],
    highlights: ['四点半小课堂', '解决“四点半难题”：孩子放学早、父母下班晚'],
    quote: '在孙村街道云海社区“公益热心人”……的帮助下，“孩子放学早、父母下班晚”的“四点半难题”得到解决',
  },
  yunhu: {
    street: 'suncun',
    code: '370176002003',
    name: '云湖社区',
    brands: [],
    highlights: ['能人汇工作室', '凌云壮志、民呼我为'],
    quote: '孙村街道云湖社区成立“能人汇工作室”，以“凌云壮志、民呼我为”为治理理念',
  },
} as const satisfies Record<string, { street: StreetId; code: string | null; name: string; brands: readonly string[]; highlights: readonly string[]; quote: string }>;

export type CommunityKey = keyof typeof ARTICLE_COMMUNITIES;

/** The zone's programme and mechanisms, as named in the article (zone `highlights`). */
export const ZONE_HIGHLIGHTS = [
  '先锋经纪人',
  '红色合伙人',
  '公益热心人',
  '需求清单',
  '线下+线上服务需求摸排',
  '招募令',
  '合伙项目',
  '以阵地换服务',
  '睦邻市集',
  '百家宴',
  '热心人工作室',
  '政策宣讲室',
];

export const VENUES: Draft<'venue'>[] = [
  {
    id: 'venue-dongchengxinyuan-party-service-centre',
    at: 'dongchengxinyuan',
    name: '东城新苑社区党群服务中心',
    venueType: '党群服务中心',
    description: '巨野河街道在此举办微创业面点创客沙龙活动',
    source: cite('巨野河街道在东城新苑社区党群服务中心举办微创业面点创客沙龙活动', note('point')),
  },
  {
    id: 'venue-fengyuan-activity-room',
    at: 'fengyuan',
    name: '凤园社区活动室',
    venueType: '活动室',
    areaM2: { value: 60 },
    description: '协调60平方米活动室供居民使用，缓解社区建设初期活动阵地匮乏的难题',
    source: cite('协调60平方米活动室供居民使用，缓解社区建设初期活动阵地匮乏的难题', note('point')),
  },
  {
    id: 'venue-caihonghu-reading-room',
    at: 'caihonghu',
    name: '彩虹湖社区阅览室',
    venueType: '阅览室',
    books: { value: 1000, about: true },
    description: '山东出版传媒股份有限公司捐赠图书，拥有近千册图书的社区阅览室',
    source: cite('联系山东出版传媒股份有限公司开展书记[籍]捐赠，搭建拥有近千册图书的社区阅览室', note('point')),
  },
  {
    id: 'venue-yunhu-nengrenhui-studio',
    at: 'yunhu',
    name: '能人汇工作室',
    venueType: '工作室',
    motto: '凌云壮志、民呼我为',
    description: '汇聚一批调解能人、工匠能人、书法能人、舞蹈能人、乐器能人、曲艺能人、摄影能人',
    source: cite('孙村街道云湖社区成立“能人汇工作室”，以“凌云壮志、民呼我为”为治理理念', note('point')),
  },
];

/** Role of a named cadre is 先锋经纪人: the article says every community two-committee cadre is one. */
const BROKER_NOTE = '先锋经纪人：“引导社区全体“两委”干部转变身份，化身“先锋经纪人””';

const YUNHU_CRAFTS = [
  ['mediators', '调解能人'],
  ['craftsmen', '工匠能人'],
  ['calligraphers', '书法能人'],
  ['dancers', '舞蹈能人'],
  ['musicians', '乐器能人'],
  ['folk-performers', '曲艺能人'],
  ['photographers', '摄影能人'],
] as const;

const FENGYUAN_VOLUNTEERS = [
  ['florists', '花艺师'],
  ['art-teachers', '美术教师'],
  ['calligraphers', '书法家'],
] as const;

export const PARTNERS: Draft<'partner'>[] = [
  // 先锋经纪人: community cadres, named in the article by office.
  {
    id: 'partner-xindongfang-party-secretary',
    at: 'xindongfang',
    name: '肖翠翠',
    role: 'broker',
    kind: 'person',
    title: '新东方花园社区党委书记',
    services: ['逐一拜访辖区社会主体', '“老肖直通车”党建服务品牌', '群众诉求联合办理', '矛盾纠纷多元化解', '网格精细服务', '居民需求即时解决'],
    source: cite('舜华路街道新东方花园社区党委书记肖翠翠逐一拜访辖区社会主体，搭建“老肖直通车”党建服务品牌', BROKER_NOTE),
  },
  {
    id: 'partner-fengyuan-party-secretary',
    at: 'fengyuan',
    name: '赵雨蒙',
    role: 'broker',
    kind: 'person',
    title: '凤园社区党支部书记',
    services: ['协调60平方米活动室供居民使用', '对接花艺师、美术教师、书法家等公益热心人开展社区活动'],
    source: cite('在舜华路街道凤园社区，党支部书记赵雨蒙主动思考社区发展，协调60平方米活动室供居民使用', BROKER_NOTE),
  },
  {
    id: 'partner-caihonghu-party-secretary',
    at: 'caihonghu',
    name: '程皓',
    role: 'broker',
    kind: 'person',
    title: '彩虹湖社区党支部书记',
    services: ['梳理需求清单', '联系图书捐赠，搭建社区阅览室', '邀请普法宣传教育', '沟通支持社区环境提升'],
    source: cite('孙村街道彩虹湖社区党支部书记程皓梳理需求清单，联系山东出版传媒股份有限公司开展书记[籍]捐赠', BROKER_NOTE),
  },
  // 红色合伙人: people and organisations.
  {
    id: 'partner-yajuyuan-papercut-artist',
    at: 'yajuyuan',
    name: '徐建国',
    role: 'partner',
    kind: 'person',
    title: '剪纸艺术家',
    services: ['非遗剪纸公益课堂'],
    source: cite('舜华路街道雅居园社区有一位名叫徐建国的剪纸艺术家，他在社区邀请下成为“红色合伙人”'),
  },
  {
    id: 'partner-yulan-bank-activity-organiser',
    at: 'yulan',
    name: '杜晓蕾',
    role: 'partner',
    kind: 'person',
    organisation: '民生银行玉兰支行',
    services: ['策划社区活动', '插花', '非遗扎染', '团扇制作'],
    source: cite('在舜华路街道玉兰社区，民生银行玉兰支行的杜晓蕾在机缘巧合下成为“合伙人”'),
  },
  {
    id: 'partner-caihonghu-shandong-publishing',
    at: 'caihonghu',
    name: '山东出版传媒股份有限公司',
    role: 'partner',
    kind: 'company',
    services: ['图书捐赠'],
    source: cite('联系山东出版传媒股份有限公司开展书记[籍]捐赠，搭建拥有近千册图书的社区阅览室', note('roleCompany'), note('pointServed')),
  },
  {
    id: 'partner-caihonghu-womens-prison',
    at: 'caihonghu',
    name: '山东省女子监狱',
    role: 'partner',
    kind: 'institution',
    services: ['普法宣传教育'],
    source: cite('邀请山东省女子监狱多次为社区居民开展普法宣传教育', note('pointServed')),
  },
  {
    id: 'partner-caihonghu-dongsheng-thermal-power',
    at: 'caihonghu',
    name: '济南东盛热电有限公司',
    role: 'partner',
    kind: 'company',
    services: ['支持社区环境提升'],
    source: cite('积极与济南东盛热电有限公司沟通，支持社区环境提升', note('pointServed')),
  },
  {
    id: 'partner-xingfu-yigong',
    at: null,
    name: '幸福益工',
    role: 'partner',
    kind: 'social_org',
    title: '社会组织，特殊“红色合伙人”',
    servesAll: true,
    services: ['公益活动及培训', '特色品牌项目', '帮助社区链接中小企业', '带动居民参与自治实践活动'],
    figures: {
      activities: { value: 600, atLeast: true },
      attendance: { value: 10000, atLeast: true },
      signatureProjectSessions: { value: 400, atLeast: true },
      signatureProjectBeneficiaries: { value: 6000, atLeast: true },
      linkedFirms: { value: 30, atLeast: true },
      selfGovernanceActivities: { value: 30, atLeast: true, about: true },
    },
    source: cite('幸福益工……实现街道、社区(村)服务全覆盖，……开展各类公益活动及培训600余场，受益居民1万余人次；开展特色品牌项目400余场，受益人数达6000余人；帮助社区链接中小企业30余个，带动居民参与自治实践活动约30余次', note('point')),
  },
  // 公益热心人: residents and skilled people.
  {
    id: 'partner-dongchengxinyuan-pastry-expert',
    at: 'dongchengxinyuan',
    name: '刘倩',
    role: 'volunteer',
    kind: 'person',
    title: '技能达人（面点制作）',
    services: ['面点制作指导'],
    source: cite('邀请技能达人刘倩为社区居民提供专业的面点制作指导', note('roleNone')),
  },
  ...FENGYUAN_VOLUNTEERS.map(([slug, craft]): Draft<'partner'> => ({
    id: `partner-fengyuan-${slug}`,
    at: 'fengyuan',
    name: `凤园社区${craft}`,
    role: 'volunteer',
    kind: 'group',
    title: craft,
    services: ['开展社区活动'],
    source: cite('积极对接花艺师、美术教师、书法家等公益热心人开展社区活动'),
  })),
  {
    id: 'partner-feicuiyajun-north-retired-volunteer-a',
    at: 'feicuiyajun-north',
    name: '孙宝玲',
    role: 'volunteer',
    kind: 'person',
    title: '退休老人',
    services: ['组建退休老人文艺队伍', '普法宣传', '邻里矛盾调解'],
    source: cite('在孙村街道翡翠雅郡北区社区，孙宝玲、张兆荣两位退休老人成为“公益热心人”后，组建起20余名退休老人组成的文艺队伍'),
  },
  {
    id: 'partner-feicuiyajun-north-retired-volunteer-b',
    at: 'feicuiyajun-north',
    name: '张兆荣',
    role: 'volunteer',
    kind: 'person',
    title: '退休老人',
    services: ['组建退休老人文艺队伍', '普法宣传', '邻里矛盾调解'],
    source: cite('在孙村街道翡翠雅郡北区社区，孙宝玲、张兆荣两位退休老人成为“公益热心人”后，组建起20余名退休老人组成的文艺队伍'),
  },
  {
    id: 'partner-feicuiyajun-north-arts-troupe',
    at: 'feicuiyajun-north',
    name: '翡翠雅郡北区退休老人文艺队伍',
    role: 'volunteer',
    kind: 'group',
    services: ['社区文艺活动', '普法宣传', '邻里矛盾调解'],
    figures: { members: { value: 20, atLeast: true }, communityEvents: { value: 20, atLeast: true } },
    source: cite('组建起20余名退休老人组成的文艺队伍，参加社区活动20余场，在普法宣传、邻里矛盾调解等活动中迸发出新活力'),
  },
  {
    id: 'partner-yunhai-after-school-volunteer',
    at: 'yunhai',
    name: '李新新',
    role: 'volunteer',
    kind: 'person',
    services: ['四点半小课堂'],
    source: cite('在孙村街道云海社区“公益热心人”李新新的帮助下，……她在社区支持下开设“四点半小课堂”'),
  },
  ...YUNHU_CRAFTS.map(([slug, craft]): Draft<'partner'> => ({
    id: `partner-yunhu-${slug}`,
    at: 'yunhu',
    name: `能人汇工作室·${craft}`,
    role: 'volunteer',
    kind: 'group',
    title: craft,
    services: ['参与社区治理'],
    source: cite('孙村街道云湖社区成立“能人汇工作室”，……汇聚一批调解能人、工匠能人、书法能人、舞蹈能人、乐器能人、曲艺能人、摄影能人'),
  })),
];

const yunhuGroups = YUNHU_CRAFTS.map(([slug]) => `partner-yunhu-${slug}`);
const fengyuanGroups = FENGYUAN_VOLUNTEERS.map(([slug]) => `partner-fengyuan-${slug}`);
const feicuiPeople = ['partner-feicuiyajun-north-arts-troupe', 'partner-feicuiyajun-north-retired-volunteer-a', 'partner-feicuiyajun-north-retired-volunteer-b'];

export const ACTIVITIES: Draft<'activity'>[] = [
  {
    id: 'activity-dongchengxinyuan-pastry-salon',
    at: 'dongchengxinyuan',
    name: '微创业面点创客沙龙',
    category: '技能培训',
    venue: 'venue-dongchengxinyuan-party-service-centre',
    partners: ['partner-dongchengxinyuan-pastry-expert'],
    year: YEAR,
    description: '技能达人为社区居民提供专业的面点制作指导，增强社区女性的就业技能，激发她们的创业致富潜力',
    source: cite('日前，……巨野河街道在东城新苑社区党群服务中心举办微创业面点创客沙龙活动', `${YEAR_NOTE}（“日前”）`),
  },
  {
    id: 'activity-xindongfang-laoxiao-express',
    at: 'xindongfang',
    name: '“老肖直通车”党建服务',
    category: '党建服务',
    venue: null,
    partners: ['partner-xindongfang-party-secretary'],
    year: YEAR,
    description: '整合辖区资源实现“群众诉求联合办理、矛盾纠纷多元化解、网格精细服务、居民需求即时解决”',
    source: cite('搭建“老肖直通车”党建服务品牌，整合辖区资源实现“群众诉求联合办理、矛盾纠纷多元化解、网格精细服务、居民需求即时解决”', YEAR_NOTE),
  },
  {
    id: 'activity-fengyuan-volunteer-arts',
    at: 'fengyuan',
    name: '花艺、美术、书法公益活动',
    category: '文化艺术',
    venue: null,
    partners: [...fengyuanGroups, 'partner-fengyuan-party-secretary'],
    year: YEAR,
    description: '对接花艺师、美术教师、书法家等公益热心人开展社区活动',
    source: cite('积极对接花艺师、美术教师、书法家等公益热心人开展社区活动', YEAR_NOTE),
  },
  {
    id: 'activity-caihonghu-book-donation',
    at: 'caihonghu',
    name: '图书捐赠·社区阅览室',
    category: '阅读',
    venue: 'venue-caihonghu-reading-room',
    partners: ['partner-caihonghu-shandong-publishing', 'partner-caihonghu-party-secretary'],
    year: YEAR,
    description: '山东出版传媒股份有限公司捐赠图书，搭建拥有近千册图书的社区阅览室',
    source: cite('联系山东出版传媒股份有限公司开展书记[籍]捐赠，搭建拥有近千册图书的社区阅览室', YEAR_NOTE),
  },
  {
    id: 'activity-caihonghu-legal-education',
    at: 'caihonghu',
    name: '普法宣传教育',
    category: '普法宣传',
    venue: null,
    partners: ['partner-caihonghu-womens-prison', 'partner-caihonghu-party-secretary'],
    year: YEAR,
    description: '山东省女子监狱多次为社区居民开展普法宣传教育',
    source: cite('邀请山东省女子监狱多次为社区居民开展普法宣传教育', YEAR_NOTE),
  },
  {
    id: 'activity-caihonghu-environment',
    at: 'caihonghu',
    name: '社区环境提升',
    category: '环境提升',
    venue: null,
    partners: ['partner-caihonghu-dongsheng-thermal-power', 'partner-caihonghu-party-secretary'],
    year: YEAR,
    description: '与济南东盛热电有限公司沟通，支持社区环境提升',
    source: cite('积极与济南东盛热电有限公司沟通，支持社区环境提升', YEAR_NOTE),
  },
  {
    id: 'activity-yajuyuan-papercut-class',
    at: 'yajuyuan',
    name: '非遗剪纸公益课堂',
    category: '非遗传承',
    venue: null,
    partners: ['partner-yajuyuan-papercut-artist'],
    year: YEAR,
    schedule: '平均每年开设班次50余场',
    kinds: { value: 10, atLeast: true },
    sessions: { value: 50, atLeast: true },
    attendance: { value: 1200, atLeast: true },
    description: '设立10余种剪纸项目，平均每年开设班次50余场，惠及居民1200余人次',
    source: cite('与社区共同开办非遗剪纸公益课堂，设立10余种剪纸项目，平均每年开设班次50余场，惠及居民1200余人次', note('sessionsAverage'), YEAR_NOTE),
  },
  {
    id: 'activity-yulan-community-crafts',
    at: 'yulan',
    name: '插花、非遗扎染、团扇制作等社区活动',
    category: '文化艺术',
    venue: null,
    partners: ['partner-yulan-bank-activity-organiser'],
    year: YEAR,
    attendance: { value: 1000, atLeast: true },
    description: '经常组织开展插花、非遗扎染、团扇制作等数十种活动，惠及居民1000余人次',
    source: cite('经常组织开展插花、非遗扎染、团扇制作等数十种活动，惠及居民1000余人次', note('kindsDozens'), YEAR_NOTE),
  },
  {
    id: 'activity-feicuiyajun-north-arts-troupe-events',
    at: 'feicuiyajun-north',
    name: '退休老人文艺队伍参加社区活动',
    category: '文化艺术',
    venue: null,
    partners: feicuiPeople,
    year: YEAR,
    sessions: { value: 20, atLeast: true },
    description: '20余名退休老人组成的文艺队伍，参加社区活动20余场',
    source: cite('组建起20余名退休老人组成的文艺队伍，参加社区活动20余场', YEAR_NOTE),
  },
  {
    id: 'activity-feicuiyajun-north-legal-mediation',
    at: 'feicuiyajun-north',
    name: '普法宣传、邻里矛盾调解',
    category: '调解服务',
    venue: null,
    partners: feicuiPeople,
    year: YEAR,
    description: '在普法宣传、邻里矛盾调解等活动中迸发出新活力，带动身边居民参与到社区治理中来',
    source: cite('在普法宣传、邻里矛盾调解等活动中迸发出新活力，带动身边居民参与到社区治理中来', YEAR_NOTE),
  },
  {
    id: 'activity-yunhai-four-thirty-class',
    at: 'yunhai',
    name: '四点半小课堂',
    category: '托管教育',
    venue: null,
    partners: ['partner-yunhai-after-school-volunteer'],
    year: YEAR,
    schedule: '上学日放学后（约16:30，“四点半”取自课堂名称）',
    description: '解决“孩子放学早、父母下班晚”的“四点半难题”和“双职工”家庭的后顾之忧，培养社区青少年兴趣爱好',
    source: cite('她在社区支持下开设“四点半小课堂”，不仅解决“双职工”家庭的后顾之忧，还培养社区青少年发展兴趣爱好', note('noHours'), YEAR_NOTE),
  },
  {
    id: 'activity-yunhu-nengrenhui',
    at: 'yunhu',
    name: '能人汇工作室：“能人”参与社区治理',
    category: '志愿服务',
    venue: 'venue-yunhu-nengrenhui-studio',
    partners: yunhuGroups,
    year: YEAR,
    description: '通过“能人”资源让居民从社区治理的旁观者变成参与者',
    source: cite('通过“能人”资源让居民从社区治理的旁观者变成参与者，进一步带动更多居民参与到社区治理中来', YEAR_NOTE),
  },
  // 幸福益工 serves every subdistrict: its activities are zone-wide (room `district`).
  {
    id: 'activity-xingfu-yigong-welfare-activities',
    at: null,
    name: '幸福益工公益活动及培训',
    category: '志愿服务',
    venue: null,
    partners: ['partner-xingfu-yigong'],
    year: YEAR,
    sessions: { value: 600, atLeast: true },
    attendance: { value: 10000, atLeast: true },
    description: '走近居民身边开展各类公益活动及培训600余场，受益居民1万余人次',
    source: cite('走近居民身边开展各类公益活动及培训600余场，受益居民1万余人次', note('point'), YEAR_NOTE),
  },
  {
    id: 'activity-xingfu-yigong-signature-projects',
    at: null,
    name: '幸福益工特色品牌项目',
    category: '志愿服务',
    venue: null,
    partners: ['partner-xingfu-yigong'],
    year: YEAR,
    sessions: { value: 400, atLeast: true },
    description: '开展特色品牌项目400余场，受益人数达6000余人（人数，非人次）',
    source: cite('开展特色品牌项目400余场，受益人数达6000余人', note('peopleNotTimes'), note('point'), YEAR_NOTE),
  },
  {
    id: 'activity-xingfu-yigong-self-governance',
    at: null,
    name: '居民自治实践活动',
    category: '志愿服务',
    venue: null,
    partners: ['partner-xingfu-yigong'],
    year: YEAR,
    sessions: { value: 30, atLeast: true, about: true },
    description: '帮助社区链接中小企业30余个，带动居民参与自治实践活动约30余次',
    source: cite('帮助社区链接中小企业30余个，带动居民参与自治实践活动约30余次', note('aboutAndAtLeast'), note('point'), YEAR_NOTE),
  },
];
