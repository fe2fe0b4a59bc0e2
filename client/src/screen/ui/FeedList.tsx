import { useSyncExternalStore } from 'react';
import { zhScreen } from '../../i18n/zhScreen.ts';
import type { ChangeFeed } from '../changeFeed.ts';
import { clockTime, feedLine } from '../feedText.ts';

const SHOWN = 6;

/** The latest edits, newest on top; the list holds at most a screenful. */
export function FeedList({ feed, nameOf }: { feed: ChangeFeed; nameOf: (id: string) => string | null }) {
  const entries = useSyncExternalStore(feed.subscribe, feed.getSnapshot);
  if (entries.length === 0) return <p className="empty">{zhScreen.emptyFeed}</p>;
  return (
    <ul className="feed" data-testid="feed">
      {entries.slice(0, SHOWN).map((e) => (
        <li key={e.key} className={`feed__row feed__row--${e.kind}`}>
          <time className="feed__time">{clockTime(e.at)}</time>
          <span className="feed__text">{feedLine(e, nameOf)}</span>
        </li>
      ))}
    </ul>
  );
}
