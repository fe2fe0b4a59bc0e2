import { describe, expect, it } from 'vitest';
import { topicsIn } from './topics.ts';
import { wordsOf } from './words.ts';

describe('wordsOf', () => {
  it('keeps the subject of a request and drops its grammar', () => {
    // ICU cuts 普法 into 普|法 and 邻里 into 邻|里; they are glued back, 想/办/的 are not glued on.
    expect(wordsOf('想办普法讲座，了解邻里纠纷相关的法律')).toEqual(['普法', '讲座', '邻里', '纠纷', '法律']);
    expect(wordsOf('阅览室的书太少')).toEqual(['阅览', '太少']);
  });

  it('leaves out words of place names: where the need is counts as place, not as interest', () => {
    expect(wordsOf('翡翠雅郡北区想办普法讲座', ['翡翠雅郡北区社区', '孙村街道'])).toEqual(['普法', '讲座']);
  });

  it('keeps Latin words whole and drops punctuation', () => {
    expect(wordsOf('Reading club！')).toEqual(['reading', 'club']);
    expect(wordsOf('！')).toEqual([]);
  });
});

describe('topicsIn', () => {
  it('finds the kinds of work a text speaks of through their usual words', () => {
    expect(topicsIn('居民想了解邻里纠纷相关的法律')).toEqual(['普法宣传', '调解服务']);
    expect(topicsIn('想办读书会')).toEqual(['阅读']);
    // 书记 and 书法 are not about books.
    expect(topicsIn('社区党支部书记')).toEqual([]);
    expect(topicsIn('老人想学书法')).toEqual(['文化艺术']);
  });
});
