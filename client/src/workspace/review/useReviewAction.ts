import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiErrorKind } from '../history/api.ts';
import type { Workspace } from '../workspace.ts';
import { sendReview, type ReviewAction } from './api.ts';

/** What the last 通过 / 退回 / 撤下 did, for the panel to say in words. */
export type ReviewOutcome =
  | { ok: true; action: ReviewAction; done: string[]; refused: Array<{ id: string; reason: string }> }
  | { ok: false; kind: ApiErrorKind; detail: string };

/**
 * Sends review actions with the session's token, one at a time, and keeps the last outcome.
 * Nothing is changed in this tab: the server writes the room's `review` map, and the badges,
 * lists and status lines follow when that arrives, as they do for a colleague's approval.
 */
export function useReviewAction(ws: Workspace) {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<ReviewOutcome | null>(null);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => void (mounted.current = false);
  }, []);

  const run = useCallback(
    async (action: ReviewAction, ids: readonly string[], note?: string): Promise<string[]> => {
      if (!ids.length) return [];
      setBusy(true);
      const { done, refused, failure } = await sendReview(action, ids, ws.token, note);
      if (!mounted.current) return done;
      setBusy(false);
      // A failure after some batches went through says what was done; the rest stay ticked, to send again.
      setOutcome(failure && !done.length ? { ok: false, ...failure } : { ok: true, action, done, refused });
      return done;
    },
    [ws],
  );

  return { busy, outcome, run };
}
