import { useStrings } from '../../i18n/i18n.ts';
import { useUi } from '../useUi.ts';
import type { Workspace } from '../workspace.ts';
import { PLAYBACK_TOGGLE_ID } from './PlaybackBar.tsx';
import { startPlayback } from './steps.ts';
import { playbackStrings } from './strings.ts';
import { usePlaybackSpan } from './usePlayback.ts';

/**
 * 时间回放 on and off, in the filter bar beside the criteria it stands in for (the dates). On, it
 * opens the bar over the map at the first step, paused; off, the filter's own dates apply again.
 */
export function PlaybackToggle({ ws }: { ws: Workspace }) {
  const s = useStrings(playbackStrings);
  const { filter, playback } = useUi(ws.ui);
  const { span } = usePlaybackSpan(ws, filter);
  const start = startPlayback(span);
  const on = playback !== null;
  return (
    <button
      id={PLAYBACK_TOGGLE_ID}
      type="button"
      className="btn btn--ghost fbar__toggle playback__toggle"
      aria-pressed={on}
      disabled={!on && !start}
      title={!on && !start ? s.nothingToPlay : s.toggleTitle}
      onClick={() => ws.ui.set({ playback: on ? null : start })}
      data-testid="playback-toggle"
    >
      {s.toggle}
    </button>
  );
}
