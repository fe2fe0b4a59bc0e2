import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import { ACTIVITY_CATEGORIES, PARTNER_ROLES, type Layer } from '../../../../model/index.ts';
import { useStrings } from '../../i18n/i18n.ts';
import { chromeStrings } from '../../ui/strings.ts';
import { EMPTY_FILTER, type Filter } from '../uiState.ts';
import { useUi } from '../useUi.ts';
import type { Workspace } from '../workspace.ts';
import { PlaybackToggle } from '../playback/PlaybackToggle.tsx';
import { useShownFilter } from '../playback/usePlayback.ts';
import { focusFeature } from './focus.ts';
import { activeCriteria, CHIP_LAYERS, isEmptyFilter, matchesFilter, narrowsMap } from './match.ts';
import { searchRecords } from './search.ts';
import { filterStrings } from './strings.ts';
import { useFilterContext, useRecords } from './useRecords.ts';
import './filters.css';

const SEARCHED = ['street', 'community', 'venue', 'partner', 'activity', 'need'] as const;

/**
 * Search and filters, over the map's top-left corner: a search box whose results fly the map to
 * what is chosen, and (folded by default, to keep the map visible) the criteria. Everything is
 * this tab's session filter in `ws.ui`: the map, the table and the charts read it from there.
 */
export function FilterBar({ ws }: { ws: Workspace }) {
  const s = useStrings(filterStrings);
  const chrome = useStrings(chromeStrings);
  const { filter, playback } = useUi(ws.ui);
  // What the map draws: during 时间回放, the step's activities.
  const shownFilter = useShownFilter(filter, playback);
  const records = useRecords(ws, SEARCHED);
  const ctx = useFilterContext(ws);
  const [open, setOpen] = useState(false);
  const [listOpen, setListOpen] = useState(false);
  const [active, setActive] = useState(0);
  const id = useId();

  const set = (patch: Partial<Filter>) => ws.ui.setFilter(patch);
  const all = useMemo(() => SEARCHED.flatMap((l) => records[l]), [records]);
  const results = useMemo(() => searchRecords(all, filter, ctx), [all, filter, ctx]);
  const matches = useMemo(() => {
    // What the map draws; the search text does not narrow it (its list says how many it found).
    if (!narrowsMap(shownFilter)) return null;
    let n = 0;
    for (const layer of CHIP_LAYERS) for (const r of records[layer]) if (matchesFilter(r, shownFilter, ctx, 'map')) n++;
    return n;
  }, [records, shownFilter, ctx]);
  // The option values are street ids (`suncun`, what records hold in `street`), not the
  // subdistricts' feature ids (`street-suncun`).
  const streets = useMemo(
    () =>
      records.street
        .flatMap((r) => (typeof r.fields.street === 'string' ? [{ id: r.fields.street, name: r.name }] : []))
        .sort((a, b) => a.id.localeCompare(b.id)),
    [records.street],
  );
  const communities = useMemo(
    () => records.community.filter((c) => !filter.street || c.fields.street === filter.street).sort((a, b) => a.name.localeCompare(b.name, 'zh')),
    [records.community, filter.street],
  );
  const showList = listOpen && filter.text.trim() !== '';
  const activeIndex = Math.min(active, Math.max(0, results.length - 1));

  const choose = (index: number) => {
    const record = results[index];
    if (!record) return;
    setListOpen(false);
    focusFeature(ws, record.id, { openDetails: true });
  };

  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setListOpen(true);
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((results.length + activeIndex + step) % Math.max(1, results.length));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      choose(activeIndex);
    } else if (e.key === 'Escape') {
      setListOpen(false);
    }
  };

  const toggleLayer = (layer: (typeof CHIP_LAYERS)[number]) => {
    const current: readonly Layer[] = filter.layers ?? CHIP_LAYERS;
    const next = current.includes(layer) ? current.filter((l) => l !== layer) : [...current, layer];
    set({ layers: CHIP_LAYERS.every((l) => next.includes(l)) ? null : next });
  };

  const layerLabel = (layer: string) => s.layerNames[layer] ?? layer;
  const criteria = activeCriteria({ ...filter, text: '' });
  const badDates = !!(filter.dateFrom && filter.dateTo && filter.dateFrom > filter.dateTo);

  return (
    <section className="fbar" aria-label={s.label} data-testid="filter-bar">
      <div className="fbar__search">
        <label className="fbar__sr" htmlFor={`${id}-q`}>
          {s.search}
        </label>
        <input
          id={`${id}-q`}
          type="search"
          role="combobox"
          aria-expanded={showList}
          aria-controls={`${id}-list`}
          aria-autocomplete="list"
          aria-activedescendant={showList && results.length ? `${id}-r${activeIndex}` : undefined}
          placeholder={s.searchPlaceholder}
          value={filter.text}
          onChange={(e) => {
            set({ text: e.currentTarget.value });
            setListOpen(true);
            setActive(0);
          }}
          onFocus={() => setListOpen(true)}
          onBlur={() => setListOpen(false)}
          onKeyDown={onKey}
          data-testid="filter-search"
        />
        {showList && (
          <ul className="fbar__results" id={`${id}-list`} role="listbox" aria-label={s.results} data-testid="filter-results">
            {results.length === 0 ? (
              <li className="fbar__none">{s.noResults}</li>
            ) : (
              <li className="fbar__found" role="presentation" data-testid="filter-found">
                {s.found(results.total, results.length)}
              </li>
            )}
            {results.map((r, i) => {
              const community = typeof r.fields.community === 'string' ? ctx.communityName(r.fields.community) : null;
              return (
                <li
                  key={r.id}
                  id={`${id}-r${i}`}
                  role="option"
                  aria-selected={i === activeIndex}
                  className="fbar__result"
                  // mousedown, not click: the input's blur would close the list before a click lands.
                  onMouseDown={(e) => {
                    e.preventDefault();
                    choose(i);
                  }}
                  data-testid="filter-result"
                >
                  <span className="fbar__name">{r.name}</span>
                  <span className="fbar__meta">
                    {layerLabel(r.layer)}
                    {community ? ` · ${community}` : ''}
                  </span>
                </li>
              );
            })}
          </ul>
        )}
      </div>
      <div className="fbar__bar">
        <button type="button" className="btn btn--ghost fbar__toggle" aria-expanded={open} aria-controls={`${id}-more`} title={open ? s.hideFilters : s.showFilters} onClick={() => setOpen((o) => !o)} data-testid="filter-toggle">
          {s.filters}
          {criteria > 0 && <span className="fbar__badge">{criteria}</span>}
          <span aria-hidden="true">{open ? '▴' : '▾'}</span>
        </button>
        <PlaybackToggle ws={ws} />
        {matches !== null && (
          <span className="fbar__count" role="status" data-testid="filter-count">
            {s.matches(matches)}
          </span>
        )}
        {!isEmptyFilter(filter) && (
          <button type="button" className="btn btn--ghost fbar__clear" onClick={() => ws.ui.set({ filter: EMPTY_FILTER })} data-testid="filter-clear">
            {s.clear}
          </button>
        )}
      </div>
      {open && (
        <div className="fbar__more" id={`${id}-more`}>
          <fieldset className="fbar__chips">
            <legend>{s.layers}</legend>
            {CHIP_LAYERS.map((layer) => (
              <button
                key={layer}
                type="button"
                className="fbar__chip"
                aria-pressed={!filter.layers || filter.layers.includes(layer)}
                onClick={() => toggleLayer(layer)}
                data-testid={`filter-layer-${layer}`}
              >
                {layerLabel(layer)}
              </button>
            ))}
          </fieldset>
          <label className="fbar__check">
            <input type="checkbox" checked={filter.awaitingReview === true} onChange={(e) => set({ awaitingReview: e.currentTarget.checked ? true : null })} data-testid="filter-awaiting-review" />
            <span>{s.awaitingReview}</span>
          </label>
          <label className="field">
            <span>{s.street}</span>
            <select value={filter.street ?? ''} onChange={(e) => set({ street: e.currentTarget.value || null, community: null })} data-testid="filter-street">
              <option value="">{s.any}</option>
              {streets.map((st) => (
                <option key={st.id} value={st.id}>
                  {chrome.streets[st.id] ?? st.name}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{s.community}</span>
            <select value={filter.community ?? ''} onChange={(e) => set({ community: e.currentTarget.value || null })} data-testid="filter-community">
              <option value="">{s.any}</option>
              {filter.community && !communities.some((c) => c.id === filter.community) && <option value={filter.community}>{ctx.communityName(filter.community) ?? filter.community}</option>}
              {communities.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{s.role}</span>
            <select value={filter.role ?? ''} onChange={(e) => set({ role: e.currentTarget.value || null })} data-testid="filter-role">
              <option value="">{s.any}</option>
              {PARTNER_ROLES.map((r) => (
                <option key={r} value={r}>
                  {chrome.partnerRoles[r] ?? r}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{s.category}</span>
            <select value={filter.category ?? ''} onChange={(e) => set({ category: e.currentTarget.value || null })} data-testid="filter-category">
              <option value="">{s.any}</option>
              {ACTIVITY_CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {s.categories[c] ?? c}
                </option>
              ))}
            </select>
          </label>
          <div className={`fbar__dates${badDates ? ' field--invalid' : ''}`}>
            <label className="field">
              <span>{s.dateFrom}</span>
              <input type="date" value={filter.dateFrom ?? ''} max={filter.dateTo ?? undefined} onChange={(e) => set({ dateFrom: e.currentTarget.value || null })} data-testid="filter-date-from" />
            </label>
            <label className="field">
              <span>{s.dateTo}</span>
              <input type="date" value={filter.dateTo ?? ''} min={filter.dateFrom ?? undefined} onChange={(e) => set({ dateTo: e.currentTarget.value || null })} data-testid="filter-date-to" />
            </label>
          </div>
          {badDates && (
            <p className="field__error" role="alert">
              {s.badDates}
            </p>
          )}
        </div>
      )}
    </section>
  );
}
