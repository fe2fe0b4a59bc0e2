/**
 * The words of a need, for comparing with what partners offer. Chinese has no spaces, so the
 * text is cut with the browser's own word segmenter (Intl.Segmenter, ICU's dictionary): no
 * dictionary of ours to ship or keep up to date.
 *
 * ICU does not know the programme's jargon and cuts it into single characters (普法 → 普|法,
 * 非遗 → 非|遗, 邻里 → 邻|里). A run of such characters is glued back into one word: an unknown
 * run is nearly always one word ICU did not know. Characters that are words of their own (的, 想,
 * 办 …) are dropped first, so 想办普法 gives 普法, not 想办普法. A single character left on its
 * own is dropped too: 书 or 人 says nothing about fit.
 */

/** Single characters that are grammar or filler in a resident's request, never its subject. */
const STOP_CHARS = new Set('的了和与及或在是有我你他她们想要办请把被给对也都就很太又还吗呢啊吧等个些这那'.split(''));

/**
 * Words every other request or service uses: they would make everyone a candidate. Kept short;
 * how rare a word is among the partners (score.ts) handles the rest.
 */
const STOP_WORDS = new Set(['社区', '小区', '居民', '活动', '服务', '需求', '需要', '希望', '开展', '组织', '参与', '相关', '了解', '提供', '单位', '举办', '一些', '大家', '我们']);

const CJK = /^[\u3400-\u9fff\uf900-\ufaff]+$/u;

let segmenter: Intl.Segmenter | null = null;

function segments(text: string): string[] {
  segmenter ??= new Intl.Segmenter('zh', { granularity: 'word' });
  const out: string[] = [];
  for (const s of segmenter.segment(text)) if (s.isWordLike) out.push(s.segment.toLowerCase());
  return out;
}

/**
 * The distinct words of a text worth comparing, in order of first appearance. Words that are part
 * of a place name (`placeNames`: communities, subdistricts) are left out: where the need is
 * counts once, as place, and must not also look like a shared interest (翡翠 of 翡翠雅郡北区).
 */
export function wordsOf(text: string, placeNames: readonly string[] = []): string[] {
  const words: string[] = [];
  let run = '';
  const endRun = () => {
    if (run.length > 1) words.push(run);
    run = '';
  };
  for (const seg of segments(text)) {
    const single = seg.length === 1 && CJK.test(seg);
    if (single && STOP_CHARS.has(seg)) {
      endRun();
    } else if (single) {
      run += seg;
    } else {
      endRun();
      if (seg.length > 1) words.push(seg);
    }
  }
  endRun();
  const keep = (w: string) => !STOP_WORDS.has(w) && !placeNames.some((name) => name.includes(w));
  return [...new Set(words.filter(keep))];
}
