import { useSyncExternalStore } from 'react';
import type { ChangeFeed } from '../changeFeed.ts';
import { clockTime, feedLine } from '../feedText.ts';
import { useScreenWords } from '../words.ts';

const SHOWN = 6;

/** The latest edits, newest on top; the list holds at most a screenful. */
export function FeedList({ feed, nameOf }: { feed: ChangeFeed; nameOf: (id: string) => string | null }) {
  const w = useScreenWords();
  const entries = useSyncExternalStore(feed.subscribe, feed.getSnapshot);
  if (entries.length === 0) return <p className="empty">{w.emptyFeed}</p>;
  return (
    <ul className="feed" data-testid="feed">
      {entries.slice(0, SHOWN).map((e) => (
        <li key={e.key} className={`feed__row feed__row--${e.kind}`}>
          <time className="feed__time">{clockTime(e.at)}</time>
          <span className="feed__text">{feedLine(e, nameOf, w)}</span>
        </li>
      ))}
    </ul>
  );
}
