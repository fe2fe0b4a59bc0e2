import { useState } from 'react';
import type { FeatureRecord } from '../../data/record.ts';
import { zhPublic } from '../../i18n/zhPublic.ts';
import type { PlaceLink } from '../placeCard.ts';

type Tab = keyof typeof zhPublic.tabs;

function meta(r: FeatureRecord): string | null {
  const f = r.fields;
  const parts = r.layer === 'venue' ? [f.venueType, f.openingHours] : r.layer === 'activity' ? [f.category, f.schedule] : [f.organisation];
  return parts.filter((p): p is string => typeof p === 'string' && p.length > 0).join(' · ') || null;
}

/** Everything on offer, by kind: venues, activities and classes, partner organisations. */
export function PlaceList({ lists, onOpen }: { lists: Record<Tab, readonly FeatureRecord[]>; onOpen: (link: PlaceLink) => void }) {
  const [tab, setTab] = useState<Tab>('venue');
  const items = [...lists[tab]].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
  return (
    <div className="places">
      <div className="tabs" role="tablist">
        {(Object.keys(zhPublic.tabs) as Tab[]).map((t) => (
          <button key={t} type="button" role="tab" aria-selected={tab === t} className="tab" onClick={() => setTab(t)} data-testid={`tab-${t}`}>
            {zhPublic.tabs[t]}
            <span className="tab__count">{lists[t].length}</span>
          </button>
        ))}
      </div>
      {items.length === 0 ? (
        <p className="muted">{zhPublic.emptyList}</p>
      ) : (
        <ul className="places__list">
          {items.map((r) => (
            <li key={r.id}>
              <button type="button" className="list-item" onClick={() => onOpen({ id: r.id, layer: r.layer, name: r.name, meta: meta(r) })}>
                <span className="list-item__name">{r.name}</span>
                {meta(r) && <span className="list-item__meta">{meta(r)}</span>}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
