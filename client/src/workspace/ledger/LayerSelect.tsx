import { useId } from 'react';
import { useStrings } from '../../i18n/i18n.ts';
import { LEDGER_LAYERS, type LedgerLayer } from '../../ledger/index.ts';
import { ledgerStrings } from './strings.ts';

/**
 * The labelled choice of a ledger layer, shared by the import and export panels. With `autoLabel`
 * it offers "recognise from the file" first (the import), which is `null`.
 */
export function LayerSelect({
  value,
  onChange,
  testId,
  autoLabel,
  className = 'field',
}: {
  value: LedgerLayer | null;
  onChange: (layer: LedgerLayer | null) => void;
  testId: string;
  autoLabel?: string;
  className?: string;
}) {
  const s = useStrings(ledgerStrings);
  const id = useId();
  return (
    <div className={className}>
      <label htmlFor={id}>{s.layer}</label>
      <select id={id} value={value ?? ''} onChange={(e) => onChange((e.target.value || null) as LedgerLayer | null)} data-testid={testId}>
        {autoLabel !== undefined && <option value="">{autoLabel}</option>}
        {LEDGER_LAYERS.map((l) => (
          <option key={l} value={l}>
            {s.layers[l]}
          </option>
        ))}
      </select>
    </div>
  );
}
