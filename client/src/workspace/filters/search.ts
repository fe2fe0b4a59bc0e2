import type { FeatureRecord } from '../../data/record.ts';
import type { Filter } from '../uiState.ts';
import { matchesFilter, type FilterContext } from './match.ts';

/**
 * The search box's results: features matching the whole filter (its text included), best first —
 * a name that starts with the words, then a name that contains them, then a match elsewhere
 * (description, services, community …). Capped: the list is for picking one, not for browsing.
 */
export function searchRecords(records: Iterable<FeatureRecord>, filter: Filter, ctx: FilterContext, limit = 12): FeatureRecord[] & { total: number } {
  const q = filter.text.trim().toLowerCase();
  if (!q) return Object.assign([], { total: 0 });
  const scored: Array<{ record: FeatureRecord; score: number }> = [];
  for (const record of records) {
    if (record.layer === 'zone' || !matchesFilter(record, filter, ctx, 'list')) continue;
    const name = record.name.toLowerCase();
    const score = name.startsWith(q) ? 0 : name.includes(q) ? 1 : 2;
    scored.push({ record, score });
  }
  scored.sort((a, b) => a.score - b.score || a.record.name.length - b.record.name.length || a.record.name.localeCompare(b.record.name, 'zh'));
  return Object.assign(
    scored.slice(0, limit).map((s) => s.record),
    { total: scored.length },
  );
}
