import { useState } from 'react';
import type { FeatureDetails } from '../../data/liveFeatures.ts';
import { currentLanguage, useStrings } from '../../i18n/i18n.ts';
import { fieldRows, type FieldRow } from '../../ui/format.ts';
import { roomLabel } from '../../ui/labels.ts';
import { chromeStrings } from '../../ui/strings.ts';
import { isFormLayer } from '../forms/fieldSpecs.ts';
import { labelsFor } from '../forms/labels.ts';
import { formStrings } from '../forms/strings.ts';
import { ReviewStatus } from '../review/ReviewStatus.tsx';
import { VenueQr } from '../share/VenueQr.tsx';
import type { Workspace } from '../workspace.ts';

/**
 * One feature's fields (values as the ledger writes them), its staff-only fields in their own
 * section, 编辑 / 删除 for a session that may write its subdistrict, and its publication status
 * with the review buttons this session may use (review/ReviewStatus.tsx).
 */
export function FeatureDetailsView({ ws, details }: { ws: Workspace; details: FeatureDetails }) {
  const s = useStrings(formStrings);
  const chrome = useStrings(chromeStrings);
  const lang = currentLanguage();
  const labels = labelsFor(lang, s.zoneWide);
  const [confirming, setConfirming] = useState(false);
  const { record } = details;
  const nameOf = (id: string) => ws.runtime.features.nameOf(id);
  const relabel = (rows: FieldRow[], prefix = '') => rows.map((r) => ({ ...r, label: labels.field(record.layer, prefix + r.key) }));
  const rows = relabel(fieldRows(record.fields, nameOf, lang));
  const privateRows = details.private ? relabel(fieldRows(details.private, nameOf, lang), 'private.') : [];
  const street = (record.fields.street ?? null) as string | null;
  const writable = ws.editor.canWriteStreet(street) && record.room !== 'public';

  const remove = () => {
    if (ws.editor.remove(record.id)) ws.ui.select(null);
    setConfirming(false);
  };

  return (
    <article className="details" aria-label={record.name} data-testid="feature-panel">
      <header className="details__header">
        <span className={`panel__layer panel__layer--${record.layer}`}>{labels.layer(record.layer)}</span>
        <h2 className="details__title">{record.name}</h2>
        <button type="button" className="btn btn--ghost details__close" onClick={() => ws.ui.select(null)} aria-label={s.close} title={s.close}>
          ×
        </button>
      </header>
      {writable && isFormLayer(record.layer) && (
        <div className="details__actions">
          <button type="button" className="btn btn--primary" data-testid="details-edit" onClick={() => ws.ui.set({ editing: true, draft: null })}>
            {s.edit}
          </button>
          <button type="button" className="btn btn--danger" data-testid="details-delete" aria-expanded={confirming} onClick={() => setConfirming(true)}>
            {s.remove}
          </button>
        </div>
      )}
      {confirming && (
        <div className="details__confirm" role="alertdialog" aria-label={s.confirmRemove(record.name)} data-testid="details-confirm">
          <p>{s.confirmRemove(record.name)}</p>
          <button type="button" className="btn btn--danger" data-testid="details-confirm-yes" onClick={remove} autoFocus>
            {s.confirmYes}
          </button>
          <button type="button" className="btn" onClick={() => setConfirming(false)}>
            {s.confirmNo}
          </button>
        </div>
      )}
      {/* Keyed: an outcome or an open 退回 note belongs to this feature, not to the next one selected. */}
      <ReviewStatus key={record.id} ws={ws} record={record} />
      <VenueQr key={`qr-${record.id}`} ws={ws} record={record} />
      <dl className="details__fields">
        {rows.map((r) => (
          <div key={r.key} className="details__row">
            <dt>{r.label}</dt>
            <dd>{r.value}</dd>
          </div>
        ))}
        <div className="details__row details__row--muted">
          <dt>{s.room}</dt>
          <dd>{roomLabel(record.room, chrome)}</dd>
        </div>
      </dl>
      {privateRows.length > 0 && (
        <section className="details__private" data-testid="feature-private">
          <h3>{s.privateTitle}</h3>
          <dl className="details__fields">
            {privateRows.map((r) => (
              <div key={r.key} className="details__row">
                <dt>{r.label}</dt>
                <dd>{r.value}</dd>
              </div>
            ))}
          </dl>
        </section>
      )}
    </article>
  );
}
