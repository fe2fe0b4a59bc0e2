import { currentLanguage } from '../../i18n/i18n.ts';
import { actorName } from './actors.ts';
import type { AuditRow } from './api.ts';
import { formatFull, formatWhen, namesOf, readAudit, type AuditItem } from './audit.ts';
import type { historyStrings } from './strings.ts';

type S = (typeof historyStrings)['zh'];

/** The audit log, newest first (the server's order): when, who, what. */
export function AuditList({ s, rows, nameOf }: { s: S; rows: AuditRow[]; nameOf: (id: string) => string | null }) {
  if (!rows.length) return <p className="ws-muted">{s.noAudit}</p>;
  const lang = currentLanguage();
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
            <Detail s={s} item={item} nameOf={nameOf} />
          </li>
        );
      })}
    </ol>
  );
}

function Detail({ s, item, nameOf }: { s: S; item: AuditItem; nameOf: (id: string) => string | null }) {
  switch (item.kind) {
    case 'edit':
      return (
        <div>
          <div>
            {s.edit} <span className="ws-muted">({s.counts(item.added.length, item.changed.length, item.deleted.length)})</span>
          </div>
          {(
            [
              ['added', item.added],
              ['changed', item.changed],
              ['deleted', item.deleted],
            ] as const
          ).map(([kind, ids]) => {
            if (!ids.length) return null;
            const { names, more } = namesOf(ids, nameOf);
            return (
              <div key={kind} className={`history__ids history__ids--${kind}`}>
                {s[kind]}：{names.join('、')}
                {more > 0 && ` ${s.more(more)}`}
              </div>
            );
          })}
        </div>
      );
    case 'snapshot':
      return <div>{s.snapshotAction(item.name)}</div>;
    case 'restore':
      return (
        <div>
          {s.restoreAction(item.snapshot === null ? '?' : String(item.snapshot))} <span className="ws-muted">({s.counts(item.added, item.changed, item.deleted)})</span>
        </div>
      );
    default:
      return <div>{s.other[item.action] ?? s.otherAction(item.action)}</div>;
  }
}
