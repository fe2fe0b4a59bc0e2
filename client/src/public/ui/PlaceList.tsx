import { useId, useRef, type KeyboardEvent } from 'react';
import type { FeatureRecord } from '../../data/record.ts';
import { zhPublic } from '../../i18n/zhPublic.ts';
import { kindWord, type PlaceLink } from '../placeCard.ts';
import { usePublicWords, type PublicText } from '../words.ts';

export type Tab = keyof typeof zhPublic.tabs;
const TABS = Object.keys(zhPublic.tabs) as Tab[];

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

/**
 * Everything on offer, by kind: venues, activities and classes, partner organisations. The kinds
 * are an ARIA tablist (one Tab stop, the arrow keys, Home and End move and choose); the chosen tab
 * is the page's (`tab`), so a card opened from the list and closed comes back to the same kind.
 * `id`: the list's, the skip link's target (focusable, so the next Tab reaches the tabs).
 */
export function PlaceList({
  id,
  lists,
  nameOf,
  onOpen,
  tab,
  onTab,
}: {
  id: string;
  lists: Record<Tab, readonly FeatureRecord[]>;
  /** A related place's name (a venue's community), or null when it is not on the public map. */
  nameOf: (id: string) => string | null;
  onOpen: (link: PlaceLink) => void;
  tab: Tab;
  onTab: (tab: Tab) => void;
}) {
  const w = usePublicWords();
  const ids = useId();
  const refs = useRef<Partial<Record<Tab, HTMLButtonElement | null>>>({});
  const items = [...lists[tab]].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
  // Automatic activation (the WAI-ARIA tabs pattern): a list is cheap to show.
  const onKey = (e: KeyboardEvent, index: number) => {
    const next = e.key === 'ArrowRight' ? index + 1 : e.key === 'ArrowLeft' ? index - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? TABS.length - 1 : null;
    if (next === null) return;
    e.preventDefault();
    const t = TABS[(next + TABS.length) % TABS.length]!;
    onTab(t);
    refs.current[t]?.focus();
  };
  return (
    <div className="places" id={id} tabIndex={-1} role="region" aria-label={w.placesLabel}>
      <div className="tabs" role="tablist" aria-label={w.placeKinds}>
        {TABS.map((t, i) => (
          <button
            key={t}
            ref={(el) => void (refs.current[t] = el)}
            type="button"
            role="tab"
            id={`${ids}tab-${t}`}
            aria-selected={tab === t}
            aria-controls={`${ids}panel`}
            tabIndex={tab === t ? 0 : -1}
            className="tab"
            onClick={() => onTab(t)}
            onKeyDown={(e) => onKey(e, i)}
            data-testid={`tab-${t}`}
          >
            {w.tabs[t]}
            <span className="tab__count">{lists[t].length}</span>
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${ids}panel`} aria-labelledby={`${ids}tab-${tab}`} data-testid="places-panel">
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
    </div>
  );
}
