/**
 * Adding up ledger figures honestly. The article's "N余" is a lower bound (`atLeast`), "近N" an
 * approximation (`about`), and an activity without a recorded figure still had some: a sum over
 * such parts is "at least" its value, so it is shown as "12,200+", never as a precise 12,200.
 */
export type Total = {
  value: number;
  /** Some part was a lower bound, or had no figure at all. */
  atLeast: boolean;
  /** Some part was approximate. */
  about: boolean;
  /** Parts added (items in scope), with and without a figure. */
  parts: number;
  known: number;
};

export const EMPTY_TOTAL: Total = { value: 0, atLeast: false, about: false, parts: 0, known: 0 };

type FigureLike = { value: number; atLeast?: boolean; about?: boolean };

function asFigure(raw: unknown): FigureLike | null {
  if (!raw || typeof raw !== 'object') return null;
  const { value, atLeast, about } = raw as Record<string, unknown>;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return null;
  return { value, atLeast: atLeast === true, about: about === true };
}

/** Add one item's figure (or its absence) to a total. Pure: returns a new total. */
export function addFigure(total: Total, raw: unknown): Total {
  const f = asFigure(raw);
  if (!f) return { ...total, parts: total.parts + 1, atLeast: true };
  return {
    value: total.value + f.value,
    atLeast: total.atLeast || f.atLeast === true,
    about: total.about || f.about === true,
    parts: total.parts + 1,
    known: total.known + 1,
  };
}

export function sumFigures(raws: Iterable<unknown>): Total {
  let t = EMPTY_TOTAL;
  for (const raw of raws) t = addFigure(t, raw);
  return t;
}

/**
 * "0" for nothing in scope, "—" when items exist but none has a figure (unknown, not zero),
 * otherwise the grouped value with "+" for a lower bound, or "约" for an approximation.
 */
export function formatTotal(t: Total, words: { about: string; locale: string } = { about: '约', locale: 'zh-CN' }): string {
  if (t.parts === 0) return '0';
  if (t.known === 0) return '—';
  // A lower bound already says "not exact"; "约" is only for sums that are otherwise approximate.
  return `${t.about && !t.atLeast ? words.about : ''}${t.value.toLocaleString(words.locale)}${t.atLeast ? '+' : ''}`;
}
