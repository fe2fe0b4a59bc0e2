import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useStrings } from '../../i18n/i18n.ts';
import { chromeStrings } from '../../ui/strings.ts';
import { focusFeature } from '../filters/focus.ts';
import { matchesFilter } from '../filters/match.ts';
import { filterStrings } from '../filters/strings.ts';
import { useFilterContext, useRecords } from '../filters/useRecords.ts';
import { useUi } from '../useUi.ts';
import type { Workspace } from '../workspace.ts';
import { cellText, COLUMNS, sortRows, TABLE_LAYERS, type Lookup, type TableLayer } from './columns.ts';
import { tableStrings } from './strings.ts';
import './table.css';

/** Fixed row height: the table draws only the rows in view, and must know where row N is. */
const ROW_H = 32;
const OVERSCAN = 12;

function isTableLayer(layer: string | undefined): layer is TableLayer {
  return (TABLE_LAYERS as readonly string[]).includes(layer ?? '');
}

/**
 * One layer as a table: the records matching the filter, sortable by column, the selection
 * highlighted. Rows are windowed (only those in view are in the DOM), so a ten-thousand-row layer
 * scrolls without freezing. A click or Enter selects a row and flies the map to it; a selection
 * made elsewhere (map, search, chart) switches to its layer and scrolls it into view.
 */
export function TablePanel({ ws }: { ws: Workspace }) {
  const s = useStrings(tableStrings);
  const chrome = useStrings(chromeStrings);
  const filters = useStrings(filterStrings);
  const { selection, filter } = useUi(ws.ui);
  const selectedLayer = selection ? ws.runtime.features.details(selection)?.record.layer : undefined;
  const [layer, setLayer] = useState<TableLayer>(isTableLayer(selectedLayer) ? selectedLayer : 'venue');
  const [sort, setSort] = useState<{ key: string; dir: 1 | -1 }>({ key: 'name', dir: 1 });
  const records = useRecords(ws, TABLE_LAYERS);
  const ctx = useFilterContext(ws);
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(600);
  const [focusIndex, setFocusIndex] = useState(0);
  const wantFocus = useRef(false);

  const look: Lookup = useMemo(
    () => ({ words: s, chrome, filters, communityName: ctx.communityName, featureName: (id) => ws.runtime.features.nameOf(id) }),
    [s, chrome, filters, ctx, ws],
  );
  const columns = COLUMNS[layer];
  const column = columns.find((c) => c.key === sort.key) ?? columns[0]!;
  const all = records[layer];
  const rows = useMemo(() => sortRows(all.filter((r) => matchesFilter(r, filter, ctx, 'list')), column, sort.dir, look), [all, filter, ctx, column, sort.dir, look]);
  const selectedIndex = selection ? rows.findIndex((r) => r.id === selection) : -1;

  // A selection made elsewhere: show its layer, and its row.
  useEffect(() => {
    if (isTableLayer(selectedLayer) && selectedLayer !== layer) setLayer(selectedLayer);
    // Only when the selection changes, not when the user picks another layer afterwards (layer is read, not watched).
  }, [selection]);

  const lastScrolled = useRef<string | null>(null);
  useEffect(() => {
    const el = scroller.current;
    if (!el || selectedIndex < 0 || lastScrolled.current === selection) return;
    lastScrolled.current = selection;
    setFocusIndex(selectedIndex);
    const top = selectedIndex * ROW_H;
    const headerH = ROW_H;
    if (top < el.scrollTop || top + ROW_H > el.scrollTop + el.clientHeight - headerH) {
      el.scrollTop = Math.max(0, top - el.clientHeight / 2);
      setScrollTop(el.scrollTop);
    }
  }, [selection, selectedIndex]);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setViewport(el.clientHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // Keyboard focus follows the arrow keys onto rows that may only now be rendered.
  useEffect(() => {
    if (!wantFocus.current) return;
    wantFocus.current = false;
    scroller.current?.querySelector<HTMLElement>(`[data-row="${focusIndex}"]`)?.focus({ preventScroll: true });
  });

  const first = Math.max(0, Math.floor(scrollTop / ROW_H) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((scrollTop + viewport) / ROW_H) + OVERSCAN);
  const focusable = Math.min(focusIndex, Math.max(0, rows.length - 1));

  const moveFocus = (index: number) => {
    const el = scroller.current;
    const i = Math.max(0, Math.min(rows.length - 1, index));
    if (el) {
      const top = i * ROW_H;
      if (top < el.scrollTop) el.scrollTop = top;
      else if (top + 2 * ROW_H > el.scrollTop + el.clientHeight) el.scrollTop = top + 2 * ROW_H - el.clientHeight;
      setScrollTop(el.scrollTop);
    }
    wantFocus.current = true;
    setFocusIndex(i);
  };

  const onKey = (e: KeyboardEvent<HTMLTableSectionElement>) => {
    const page = Math.max(1, Math.floor(viewport / ROW_H) - 1);
    const moves: Record<string, number> = { ArrowDown: focusable + 1, ArrowUp: focusable - 1, PageDown: focusable + page, PageUp: focusable - page, Home: 0, End: rows.length - 1 };
    if (e.key in moves) {
      e.preventDefault();
      moveFocus(moves[e.key]!);
    } else if (e.key === 'Enter' || e.key === ' ') {
      const row = rows[focusable];
      if (!row) return;
      e.preventDefault();
      focusFeature(ws, row.id);
    }
  };

  const onSort = (key: string) => setSort((cur) => ({ key, dir: cur.key === key ? (cur.dir === 1 ? -1 : 1) : 1 }));

  return (
    <div className="wst" data-testid="table-panel">
      <div className="wst__bar">
        <label className="wst__layer">
          <span>{s.layer}</span>
          <select
            value={layer}
            onChange={(e) => {
              setLayer(e.currentTarget.value as TableLayer);
              setSort({ key: 'name', dir: 1 });
              setFocusIndex(0);
            }}
            data-testid="table-layer"
          >
            {TABLE_LAYERS.map((l) => (
              <option key={l} value={l}>
                {s.layers[l]}
              </option>
            ))}
          </select>
        </label>
        <span className="ws-muted" role="status" data-testid="table-count">
          {s.count(rows.length, all.length)}
        </span>
      </div>
      <div className="wst__scroll" ref={scroller} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
        <table className="ws-table wst__table" aria-label={s.label} aria-rowcount={rows.length + 1} data-testid="table">
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.key} aria-sort={sort.key === c.key ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none'} className={c.numeric ? 'wst__num' : undefined}>
                  <button type="button" className="wst__sort" title={s.sortBy(s.columns[c.key])} onClick={() => onSort(c.key)} data-testid={`table-sort-${c.key}`}>
                    {s.columns[c.key]}
                    <span aria-hidden="true">{sort.key === c.key ? (sort.dir === 1 ? ' ▲' : ' ▼') : ''}</span>
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody onKeyDown={onKey} title={s.hint}>
            {first > 0 && <tr aria-hidden="true" style={{ height: first * ROW_H }} />}
            {rows.slice(first, last).map((r, k) => {
              const i = first + k;
              return (
                <tr
                  key={r.id}
                  data-row={i}
                  data-id={r.id}
                  aria-rowindex={i + 2}
                  aria-selected={r.id === selection}
                  tabIndex={i === focusable ? 0 : -1}
                  className="wst__row"
                  onClick={() => {
                    setFocusIndex(i);
                    focusFeature(ws, r.id);
                  }}
                  onFocus={() => setFocusIndex(i)}
                  data-testid="table-row"
                >
                  {columns.map((c) => {
                    const text = cellText(c, r, look);
                    // The publication status in the badge's colour when it waits for a reviewer.
                    const cls = c.numeric ? 'wst__num' : c.key === 'publication' && r.status ? `wst__pub wst__pub--${r.status}` : undefined;
                    return (
                      <td key={c.key} className={cls} title={text} data-col={c.key}>
                        {text}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
            {last < rows.length && <tr aria-hidden="true" style={{ height: (rows.length - last) * ROW_H }} />}
          </tbody>
        </table>
        {rows.length === 0 && <p className="ws-muted wst__empty">{s.empty}</p>}
      </div>
    </div>
  );
}
