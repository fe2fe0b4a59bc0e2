import type { ACTIVITY_CATEGORIES } from '../../../../model/index.ts';

export type Topic = (typeof ACTIVITY_CATEGORIES)[number];

/**
 * The kinds of work the matching board recognises, as the activity categories of the model
 * (model/labels.ts words them), each with the words a resident or a partner uses for it.
 *
 * This is the one place where the board knows Chinese synonyms: a need that asks for 法律 finds
 * the partner who offers 普法, one that asks for 读书 the partner who donated 图书. It is kept to
 * what the seed's needs and services call for (data/seed/partners.geojson); add a word here when
 * a real need was not matched, not in anticipation. Words are found as substrings of the text
 * (no segmentation), so each must be specific enough on its own: 书 alone would also find 书记
 * and 书法, so 图书 and 读书 are listed instead.
 */
export const TOPIC_WORDS: Readonly<Record<Topic, readonly string[]>> = {
  技能培训: ['培训', '技能', '面点', '烘焙', '就业', '创业'],
  文化艺术: ['文艺', '书法', '美术', '绘画', '花艺', '插花', '舞蹈', '乐器', '音乐', '曲艺', '摄影', '合唱'],
  非遗传承: ['非遗', '剪纸', '扎染', '团扇', '手工'],
  普法宣传: ['普法', '法律', '法治', '法规'],
  阅读: ['阅读', '读书', '书屋', '图书', '书籍', '阅览', '绘本'],
  环境提升: ['环境', '绿化', '卫生', '垃圾', '整治'],
  调解服务: ['调解', '矛盾', '纠纷'],
  托管教育: ['托管', '四点半', '放学', '课后', '作业辅导'],
  志愿服务: ['志愿', '义工'],
  党建服务: ['党建', '党员', '党课'],
  其他: [],
};

const TOPICS = Object.keys(TOPIC_WORDS) as Topic[];

/** The topics a text speaks of, in the model's category order. */
export function topicsIn(text: string): Topic[] {
  return TOPICS.filter((topic) => TOPIC_WORDS[topic].some((word) => text.includes(word)));
}
