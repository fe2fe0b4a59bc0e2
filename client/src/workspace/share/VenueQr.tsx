import { PUBLIC_ROOM } from '../../../../model/index.ts';
import type { FeatureRecord } from '../../data/record.ts';
import { useStrings } from '../../i18n/i18n.ts';
import { useSync } from '../../sync/useSync.ts';
import type { Workspace } from '../workspace.ts';
import { QrDownload } from './QrDownload.tsx';
import { shareStrings } from './strings.ts';

/**
 * A venue's 二维码 in its details, for admins: the buttons while the venue is on the public map
 * (it has an approved version), else why there is none yet. Nothing for anyone else.
 */
export function VenueQr({ ws, record }: { ws: Workspace; record: FeatureRecord }) {
  const s = useStrings(shareStrings);
  const { session } = useSync(ws.runtime.sync);
  if (session?.role !== 'admin' || record.layer !== 'venue') return null;
  const published = record.room === PUBLIC_ROOM || !!record.review?.published;
  return (
    <section className="qr-section details__qr" aria-labelledby="qr-venue-title" data-testid="venue-qr">
      <h3 id="qr-venue-title">{s.qr}</h3>
      {published ? <QrDownload token={ws.token} target={{ kind: 'venue', id: record.id }} hint={s.venueHint} /> : <p className="ws-muted">{s.notPublished}</p>}
    </section>
  );
}
