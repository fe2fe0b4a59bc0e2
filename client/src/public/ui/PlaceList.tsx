import { useState } from 'react';
import type { FeatureRecord } from '../../data/record.ts';
import { zhPublic } from '../../i18n/zhPublic.ts';
import { kindWord, type PlaceLink } from '../placeCard.ts';
import { usePublicWords, type PublicText } from '../words.ts';

type Tab = keyof typeof zhPublic.tabs;

/** What a resident reads under a name: kind, when (opening hours, schedule), and which community. */
function meta(r: FeatureRecord, nameOf: (id: string) => string | null, w: PublicText): string | null {
  const f = r.fields;
  const community = typeof f.community === 'string' ? nameOf(f.community) : null;
  const parts =
    r.layer === 'venue'
      ? [kindWord(w.shared.venueTypes, f.venueType), f.openingHours, community]
      : r.layer === 'activity'
        ? [kindWord(w.shared.categories, f.category), f.schedule, community]
        : [f.organisation];
  return parts.filter((p): p is string => typeof p === 'string' && p.length > 0).join(' · ') || null;
}

/** Everything on offer, by kind: venues, activities and classes, partner organisations. */
export function PlaceList({
  lists,
  nameOf,
  onOpen,
}: {
  lists: Record<Tab, readonly FeatureRecord[]>;
  /** A related place's name (a venue's community), or null when it is not on the public map. */
  nameOf: (id: string) => string | null;
  onOpen: (link: PlaceLink) => void;
}) {
  const w = usePublicWords();
  const [tab, setTab] = useState<Tab>('venue');
  const items = [...lists[tab]].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
  return (
    <div className="places">
      <div className="tabs" role="tablist">
        {(Object.keys(zhPublic.tabs) as Tab[]).map((t) => (
          <button key={t} type="button" role="tab" aria-selected={tab === t} className="tab" onClick={() => setTab(t)} data-testid={`tab-${t}`}>
            {w.tabs[t]}
            <span className="tab__count">{lists[t].length}</span>
          </button>
        ))}
      </div>
      {items.length === 0 ? (
        <p className="muted">{w.emptyList}</p>
      ) : (
        <ul className="places__list">
          {items.map((r) => {
            const m = meta(r, nameOf, w);
            return (
              <li key={r.id}>
                <button type="button" className="list-item" onClick={() => onOpen({ id: r.id, layer: r.layer, name: r.name, meta: m })} data-testid="place-item" data-id={r.id}>
                  <span className="list-item__name">{r.name}</span>
                  {m && <span className="list-item__meta">{m}</span>}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
