import { useMemo } from 'react';
import type { FeatureRecord } from '../../data/record.ts';
import { currentLanguage, useStrings } from '../../i18n/i18n.ts';
import { fieldRows } from '../../ui/format.ts';
import { labelsFor } from '../forms/labels.ts';
import { fieldChangeText, type AuditWords } from '../history/auditText.ts';
import { historyStrings } from '../history/strings.ts';
import { reviewChanges } from './queue.ts';
import { reviewStrings } from './strings.ts';

/**
 * What a reviewer approves: field by field, the public version against the one on the public map
 * (worded as the change log words edits: “名称 “旧” → “新””), or for a feature not yet public the
 * fields it would publish (as the details panel shows them).
 */
export function ChangeList({ record, nameOf }: { record: FeatureRecord; nameOf: (id: string) => string | null }) {
  const s = useStrings(reviewStrings);
  const h = useStrings(historyStrings);
  const lang = currentLanguage();
  const words = useMemo<AuditWords>(() => ({ s: h, lang, labels: labelsFor(lang, h.district), nameOf }), [h, lang, nameOf]);
  const changes = useMemo(() => reviewChanges(record), [record]);

  if (changes.kind === 'none') return null;
  if (changes.kind === 'fresh') {
    const rows = fieldRows(changes.version, nameOf, lang);
    return (
      <div className="review__changes" data-testid="review-changes" data-kind="fresh">
        <span className="review__changeshead">{s.newContent}</span>
        <dl className="review__fresh">
          {rows.map((r) => (
            <div key={r.key}>
              <dt>{words.labels.field(record.layer, r.key)}</dt>
              <dd>{r.value}</dd>
            </div>
          ))}
        </dl>
      </div>
    );
  }
  return (
    <div className="review__changes" data-testid="review-changes" data-kind="changed">
      <span className="review__changeshead">{s.changes}</span>
      {changes.changes.length ? (
        <ul>
          {changes.changes.map((c) => (
            <li key={c.field} data-testid="review-change" data-field={c.field}>
              {fieldChangeText(record.layer, c, words)}
            </li>
          ))}
        </ul>
      ) : (
        <p className="ws-muted">{s.noChanges}</p>
      )}
    </div>
  );
}
