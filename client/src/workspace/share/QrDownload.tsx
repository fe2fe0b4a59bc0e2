import { useState } from 'react';
import { useStrings } from '../../i18n/i18n.ts';
import { download } from '../ledger/download.ts';
import { fetchQr, type QrFormat, type QrTarget } from './api.ts';
import { shareStrings } from './strings.ts';
import './share.css';

type Outcome = { kind: 'busy' } | { kind: 'ok'; file: string } | { kind: 'error'; text: string } | null;

/**
 * 二维码 PNG / SVG: an admin saves the QR code of the public map or of a venue's page on it, to
 * print (PNG at 1024 px; SVG for a print shop, sharp at any size). What happened is said beside.
 */
export function QrDownload({ token, target, hint }: { token: string | null; target: QrTarget; hint?: string }) {
  const s = useStrings(shareStrings);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const save = async (format: QrFormat) => {
    setOutcome({ kind: 'busy' });
    const r = await fetchQr(target, format, token);
    if (!r.ok) return setOutcome({ kind: 'error', text: s.failed[r.kind] });
    download(r.blob, r.fileName);
    setOutcome({ kind: 'ok', file: r.fileName });
  };
  const testId = target.kind === 'venue' ? 'qr-venue' : 'qr-public';
  return (
    <div className="qr" data-testid={testId}>
      <div className="qr__buttons" role="group" aria-label={s.qr}>
        {(['png', 'svg'] as const).map((format) => (
          <button key={format} type="button" className="btn" title={hint} disabled={outcome?.kind === 'busy'} data-testid={`${testId}-${format}`} onClick={() => void save(format)}>
            {s[format]}
          </button>
        ))}
      </div>
      <p className={`qr__outcome${outcome?.kind === 'error' ? ' qr__outcome--error' : ''}`} role="status" aria-live="polite" data-testid={`${testId}-outcome`}>
        {outcome?.kind === 'busy' ? s.busy : outcome?.kind === 'ok' ? s.saved(outcome.file) : outcome?.kind === 'error' ? outcome.text : ''}
      </p>
    </div>
  );
}

/** The whole map's code, for the 设置 tab (next to the zone-wide switches). */
export function PublicMapQr({ token }: { token: string | null }) {
  const s = useStrings(shareStrings);
  return (
    <section className="qr-section" aria-labelledby="qr-public-title">
      <h3 id="qr-public-title">{s.publicTitle}</h3>
      <p className="ws-muted">{s.publicHint}</p>
      <QrDownload token={token} target={{ kind: 'public' }} hint={s.publicHint} />
    </section>
  );
}
