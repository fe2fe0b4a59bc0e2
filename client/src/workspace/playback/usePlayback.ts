import { useMemo } from 'react';
import type { FeatureRecord } from '../../data/record.ts';
import { matchesFilter } from '../filters/match.ts';
import { useFilterContext, useRecords } from '../filters/useRecords.ts';
import type { Filter, Playback } from '../uiState.ts';
import type { Workspace } from '../workspace.ts';
import { shownFilter, spanOf, type Span } from './steps.ts';

const ACTIVITY = ['activity'] as const;

/**
 * The activities the session's filter keeps (its dates included: a chosen range bounds playback)
 * and the span of their dates, the same object as long as the span's ends stay (a live edit
 * inside the span restarts no timer).
 */
export function usePlaybackSpan(ws: Workspace, filter: Filter): { kept: FeatureRecord[]; span: Span } {
  const { activity } = useRecords(ws, ACTIVITY);
  const ctx = useFilterContext(ws);
  const kept = useMemo(() => activity.filter((a) => matchesFilter(a, filter, ctx, 'map')), [activity, filter, ctx]);
  const span = spanOf(kept);
  const key = `${span.months?.join() ?? ''}|${span.years?.join() ?? ''}`;
  // The key stands for the span's contents: a new object only when an end moves.
  const stable = useMemo(() => span, [key]);
  return { kept, span: stable };
}

/**
 * The filter the map and the charts read: the session's own, or with the playback step as its
 * dates (steps.ts `shownFilter`). The same object while the filter and the step stay, so the map's
 * filtered snapshot is not rebuilt for nothing.
 */
export function useShownFilter(filter: Filter, playback: Playback | null): Filter {
  const step = playback?.step ?? null;
  return useMemo(() => shownFilter(filter, step === null ? null : { step }), [filter, step]);
}
