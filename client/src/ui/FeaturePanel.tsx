import type { FeatureDetails } from '../data/liveFeatures.ts';
import { zh } from '../i18n/zh.ts';
import { zhStaff } from '../i18n/zhStaff.ts';
import { fieldRows } from './format.ts';
import { roomLabel } from './labels.ts';

/** The selected feature's public fields, and its private ones when the session is staff. */
export function FeaturePanel({
  details,
  nameOf,
  onClose,
}: {
  details: FeatureDetails | null;
  nameOf: (id: string) => string | null;
  onClose: () => void;
}) {
  if (!details) return null;
  const { record } = details;
  const rows = fieldRows(record.fields, nameOf);
  const privateRows = details.private ? fieldRows(details.private, nameOf) : [];
  return (
    <aside className="panel" aria-label={record.name} data-testid="feature-panel">
      <header className="panel__header">
        <span className={`panel__layer panel__layer--${record.layer}`}>{zh.layerNames[record.layer]}</span>
        <h2 className="panel__title">{record.name}</h2>
        <button type="button" className="panel__close" onClick={onClose} aria-label={zhStaff.panel.close}>
          ×
        </button>
      </header>
      <dl className="panel__fields">
        {rows.map((r) => (
          <div key={r.key} className="panel__row">
            <dt>{r.label}</dt>
            <dd>{r.value}</dd>
          </div>
        ))}
        <div className="panel__row panel__row--muted">
          <dt>{zhStaff.panel.room}</dt>
          <dd>{roomLabel(record.room)}</dd>
        </div>
      </dl>
      {privateRows.length > 0 && (
        <section className="panel__private" data-testid="feature-private">
          <h3>{zhStaff.panel.privateTitle}</h3>
          <dl className="panel__fields">
            {privateRows.map((r) => (
              <div key={r.key} className="panel__row">
                <dt>{r.label}</dt>
                <dd>{r.value}</dd>
              </div>
            ))}
          </dl>
        </section>
      )}
    </aside>
  );
}
