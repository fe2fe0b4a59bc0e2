import { useId } from 'react';
import { STREETS } from '../../../model/index.ts';
import { currentLanguage, type Language } from '../i18n/i18n.ts';
import type { Period, StatRecord } from '../stats/period.ts';
import { isArea, type Area } from '../stats/scope.ts';
import { yearsOffered, type Choice } from './choice.ts';
import type { ReportWords } from './strings.ts';

const MONTHS = Array.from({ length: 12 }, (_, i) => i + 1);

/**
 * What the report is of (area, year, month), the staff version's switch and the print button:
 * on the page, never on paper (report.css hides them in print). Printing waits until the map's
 * picture is taken after the last change, so a print never carries a half-drawn map.
 */
export function ReportControls({
  w,
  activities,
  now,
  area,
  period,
  internal,
  ready,
  onChoice,
  onInternal,
  onLanguage,
}: {
  w: ReportWords;
  activities: readonly StatRecord[];
  now: Date;
  area: Area;
  period: Period | null;
  internal: boolean;
  ready: boolean;
  onChoice: (choice: Choice) => void;
  onInternal: (on: boolean) => void;
  onLanguage: (lang: Language) => void;
}) {
  const id = useId();
  const year = period?.year ?? now.getFullYear();
  const month = period?.month ?? null;
  const years = yearsOffered(activities, now, period?.year ?? null);
  const choose = (next: Partial<Choice>) => onChoice({ area, year, month, ...next });
  const en = currentLanguage() === 'en';
  return (
    <header className="report-controls" aria-label={w.controlsLabel}>
      <div className="report-controls__field">
        <label htmlFor={`${id}-area`}>{w.area}</label>
        <select id={`${id}-area`} value={area} data-testid="report-area" onChange={(e) => isArea(e.target.value) && choose({ area: e.target.value })}>
          <option value="zone">{w.zone}</option>
          {STREETS.map((s) => (
            <option key={s.id} value={s.id}>
              {w.streets[s.id] ?? s.name}
            </option>
          ))}
        </select>
      </div>
      <div className="report-controls__field">
        <label htmlFor={`${id}-year`}>{w.year}</label>
        <select id={`${id}-year`} value={year} data-testid="report-year" onChange={(e) => choose({ year: Number(e.target.value) })}>
          {years.map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </select>
      </div>
      <div className="report-controls__field">
        <label htmlFor={`${id}-month`}>{w.month}</label>
        <select id={`${id}-month`} value={month ?? ''} data-testid="report-month" onChange={(e) => choose({ month: e.target.value ? Number(e.target.value) : null })}>
          <option value="">{w.wholeYear}</option>
          {MONTHS.map((m) => (
            <option key={m} value={m}>
              {w.monthName(m)}
            </option>
          ))}
        </select>
      </div>
      <div className="report-controls__field report-controls__check">
        <input id={`${id}-internal`} type="checkbox" checked={internal} data-testid="report-internal-toggle" aria-describedby={`${id}-internal-hint`} onChange={(e) => onInternal(e.target.checked)} />
        <label htmlFor={`${id}-internal`}>{w.internal}</label>
        <span id={`${id}-internal-hint`} className="report-controls__hint">
          {w.internalHint}
        </span>
      </div>
      <div className="report-controls__actions">
        <button type="button" className="report-button" title={w.languageHint} onClick={() => onLanguage(en ? 'zh' : 'en')} lang={en ? 'zh-CN' : 'en'}>
          {w.language}
        </button>
        <button type="button" className="report-button report-button--primary" disabled={!ready} title={w.printHint} data-testid="report-print" onClick={() => window.print()}>
          {ready ? w.print : w.mapPending}
        </button>
      </div>
    </header>
  );
}
