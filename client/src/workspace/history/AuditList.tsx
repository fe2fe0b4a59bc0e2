import { useMemo } from 'react';
import { BASEMAP_PROVIDER_WORDS } from '../../../../model/index.ts';
import { currentLanguage } from '../../i18n/i18n.ts';
import { labelsFor } from '../forms/labels.ts';
import { actorName } from './actors.ts';
import type { AuditRow } from './api.ts';
import { formatFull, formatWhen, readAudit, type AuditItem } from './audit.ts';
import { editLines, reviewLines, type AuditLine, type AuditWords } from './auditText.ts';
import type { historyStrings } from './strings.ts';

type S = (typeof historyStrings)['zh'];

/** The audit log, newest first (the server's order): when, who, what — per feature and field. */
export function AuditList({ s, rows, nameOf }: { s: S; rows: AuditRow[]; nameOf: (id: string) => string | null }) {
  const lang = currentLanguage();
  // Field labels are the forms' own (one list), in the panel's language.
  const words = useMemo<AuditWords>(() => ({ s, lang, labels: labelsFor(lang, s.district), nameOf }), [s, lang, nameOf]);
  if (!rows.length) return <p className="ws-muted">{s.noAudit}</p>;
  const now = Date.now();
  return (
    <ol className="history__audit" data-testid="audit-list">
      {rows.map((row, i) => {
        const item = readAudit(row);
        return (
          <li key={`${row.at}-${i}`} className="history__entry" data-testid="audit-entry" data-action={row.action}>
            <div className="history__entryhead">
              <strong data-testid="audit-actor">{actorName(row.actor)}</strong>
              <time className="ws-muted" dateTime={new Date(row.at).toISOString()} title={formatFull(row.at, lang)}>
                {formatWhen(row.at, now, lang)}
              </time>
            </div>
            <Detail item={item} words={words} />
          </li>
        );
      })}
    </ol>
  );
}

function Lines({ lines }: { lines: AuditLine[] }) {
  return (
    <div>
      {lines.map((line, i) => (
        <div key={i} className={`history__line history__line--${line.kind}`} data-testid="audit-line" data-kind={line.kind}>
          {line.text}
        </div>
      ))}
    </div>
  );
}

function Detail({ item, words }: { item: AuditItem; words: AuditWords }) {
  const { s } = words;
  switch (item.kind) {
    case 'edit':
      return <Lines lines={editLines(item.detail, words)} />;
    case 'review':
      return <Lines lines={reviewLines(item.detail, words)} />;
    case 'snapshot':
      return <div>{s.snapshotAction(item.name)}</div>;
    case 'restore':
      return (
        <div>
          {s.restoreAction(item.snapshot === null ? '?' : String(item.snapshot))} <span className="ws-muted">({s.counts(item.added, item.changed, item.deleted)})</span>
        </div>
      );
    case 'basemap': {
      const name = item.provider ? BASEMAP_PROVIDER_WORDS[words.lang][item.provider] : '?';
      return <div>{item.toDefault ? s.basemapDefault(name) : s.basemapSet(name)}</div>;
    }
    case 'screenPeriod': {
      const period = (item.year === null ? s.screenAuto : s.screenYear(item.year)) + (item.thisMonth ? s.screenWithMonth : '');
      return <div>{item.initial ? s.screenPeriodInitial(period) : s.screenPeriodSet(period)}</div>;
    }
    default:
      return <div>{s.other[item.action] ?? s.otherAction(item.action)}</div>;
  }
}
