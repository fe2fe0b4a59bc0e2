/**
 * English names of the model's enum values, for the staff workspace's English mode: one list for
 * the forms, the filters, the table and the legend. The Chinese names are the ledger's word list
 * (client/src/ledger/labels.ts) or, for venue types and activity categories, the values themselves.
 */
export const EN_ENUMS = {
  role: { broker: 'Pioneer broker', partner: 'Red partner', volunteer: 'Public-welfare volunteer' },
  kind: { person: 'Person', company: 'Company', institution: 'Public institution', social_org: 'Social organisation', shop: 'Shop', group: 'Group' },
  status: { open: 'Open', matched: 'Matched', done: 'Done' },
  venueType: { 党群服务中心: 'Party & community service centre', 活动室: 'Activity room', 阅览室: 'Reading room', 工作室: 'Studio', 宣讲室: 'Lecture room', 其他: 'Other' },
  category: {
    技能培训: 'Skills training',
    文化艺术: 'Culture & arts',
    非遗传承: 'Intangible heritage',
    普法宣传: 'Legal education',
    阅读: 'Reading',
    环境提升: 'Environment',
    调解服务: 'Mediation',
    托管教育: 'After-school care',
    志愿服务: 'Volunteering',
    党建服务: 'Party building',
    其他: 'Other',
  },
} satisfies Record<string, Record<string, string>>;
