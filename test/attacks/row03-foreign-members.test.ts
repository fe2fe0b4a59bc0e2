import { describe, expect, it } from 'vitest';
import { featuresOf, writeFeatureFields } from '../../model/index.ts';
import { connectClient, waitFor } from '../helpers/clients.ts';
import { anonymousBytes, openWriter, publicFeatures } from '../helpers/crafted.ts';
import { testPartner, testVenue } from '../helpers/features.ts';
import { serverPerFile, type TestServer } from '../helpers/server.ts';
import { approveAsAdmin } from '../helpers/review.ts';

/**
 * Row 3 of issue 11: valid features with extra keys inside whitelisted fields (a GeoJSON foreign
 * member `properties: {phone}`, `books: {value, atLeast, phone}`, `figures.x.notes`) leaked those
 * values to anonymous clients: the projection validated with non-strict schemas, then copied the
 * raw JSON. The public copy is now built from zod's parsed output: unknown keys never pass.
 */
let srv: TestServer;
const clients = serverPerFile((s) => (srv = s));

const MARKERS = { geometry: 'MARKER-GEOMETRY-13911112222', books: 'MARKER-BOOKS-13933334444', figure: 'MARKER-FIGURE-NOTES-0531' };

describe('row 3: private values smuggled in as unknown keys of public fields', () => {
  it('are stored for staff but never reach /sync/public, /public or a ?venue= page', async () => {
    const writer = await openWriter(srv.wsUrl, 'street:suncun', await srv.token('editor', 'suncun'));
    const venue = {
      ...testVenue('venue-suncun-smuggler', { name: '夹带场地' }),
      geometry: { type: 'Point', coordinates: [117.25, 36.69], properties: { phone: MARKERS.geometry } },
      books: { value: 1, atLeast: false, phone: MARKERS.books },
    };
    const partner = {
      ...testPartner('partner-suncun-smuggler', { name: '夹带合作单位' }),
      geometry: { type: 'Point', coordinates: [117.26, 36.7], bbox: [MARKERS.geometry] },
      figures: { 服务人次: { value: 10, atLeast: true, notes: MARKERS.figure } },
    };
    const verdict = await writer.write(
      writer.craft((d) => {
        writeFeatureFields(d, venue);
        writeFeatureFields(d, partner);
      }),
    );
    expect(verdict.refused).toBe(false);

    // The public room gets both, once projected, with only what the schemas name.
    const pub = connectClient(srv.wsUrl, 'public');
    clients.push(pub);
    await approveAsAdmin(srv, [venue.id, partner.id]);
    await waitFor('both to be published', () => featuresOf(pub.doc).has(venue.id) && featuresOf(pub.doc).has(partner.id), [pub.doc]);
    const published = await publicFeatures(srv.wsUrl);
    expect(published.get(venue.id)?.geometry).toEqual({ type: 'Point', coordinates: [117.25, 36.69] });
    expect(published.get(venue.id)?.books).toEqual({ value: 1, atLeast: false });
    expect(published.get(partner.id)?.figures).toEqual({ 服务人次: { value: 10, atLeast: true } });

    // Not a byte of any marker on any anonymous channel, the state blocks included.
    const bytes = await anonymousBytes(srv.url, srv.wsUrl, venue.id);
    expect(bytes.includes(Buffer.from('夹带场地'))).toBe(true); // the channel does carry the venue
    for (const marker of Object.values(MARKERS)) expect(bytes.includes(Buffer.from(marker)), marker).toBe(false);

    // Staff see what was written (the markers stay with them).
    const staff = connectClient(srv.wsUrl, 'street:suncun', await srv.token('viewer'));
    clients.push(staff);
    await staff.synced;
    expect(JSON.stringify(featuresOf(staff.doc).get(venue.id)!.get('books'))).toContain(MARKERS.books);
  });
});
