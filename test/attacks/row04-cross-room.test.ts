import { describe, expect, it } from 'vitest';
import { featuresOf, readFeatureJson, writeFeatureFields } from '../../model/index.ts';
import { connectClient, waitFor } from '../helpers/clients.ts';
import { openWriter, publicFeatures } from '../helpers/crafted.ts';
import { testVenue } from '../helpers/features.ts';
import { serverPerFile, type TestServer } from '../helpers/server.ts';
import { approveAsAdmin } from '../helpers/review.ts';

/**
 * Row 4 of issue 11: an editor of 孙村 wrote into its own room a copy of a 舜华路 venue (same id,
 * `street: 'shunhualu'`, new name), a copy of the zone outline and a new feature of layer `zone`:
 * the public copies of the other subdistrict's venue and of the zone were replaced, the fake zone
 * was published, and the overwrite stayed after the editor deleted its copies. The owner of an id
 * is now the room it was created in, kept by the server, and a feature must belong to its room.
 */
let srv: TestServer;
const clients = serverPerFile((s) => (srv = s));

const OTHER_VENUE = 'venue-fengyuan-activity-room'; // 舜华路's, in the seed
const ZONE = 'zone-jinan-hitech';

describe('row 4: an editor writing another room\'s features into its own room', () => {
  it('is refused for every variant; the other room\'s public entries and the zone stay as they were', async () => {
    const before = await publicFeatures(srv.wsUrl);
    expect(before.get(OTHER_VENUE)?.street).toBe('shunhualu');
    expect(before.get(ZONE)?.layer).toBe('zone');

    const district = connectClient(srv.wsUrl, 'district', await srv.token('viewer'));
    const shunhualu = connectClient(srv.wsUrl, 'street:shunhualu', await srv.token('viewer'));
    clients.push(district, shunhualu);
    await Promise.all([district.synced, shunhualu.synced]);
    const theirVenue = readFeatureJson(featuresOf(shunhualu.doc).get(OTHER_VENUE)!);
    const theZone = readFeatureJson(featuresOf(district.doc).get(ZONE)!);

    const writer = await openWriter(srv.wsUrl, 'street:suncun', await srv.token('editor', 'suncun'));
    const attempts: Record<string, Record<string, unknown> & { id: string }> = {
      'their venue, their street': { ...theirVenue, id: OTHER_VENUE, name: '被冒名的场地' },
      'their venue, claimed for our street': { ...theirVenue, id: OTHER_VENUE, street: 'suncun', name: '被冒名的场地' },
      'a copy of the zone outline': { ...theZone, id: ZONE, name: '假的高新区' },
      'a copy of the zone outline, our street': { ...theZone, id: ZONE, street: 'suncun', name: '假的高新区' },
      'a new zone feature': { ...theZone, id: 'zone-fake', street: 'suncun', name: '假的高新区' },
      'a new venue filed under their street': { ...testVenue('venue-suncun-misfiled'), street: 'shunhualu' },
    };
    const verdicts: Record<string, string> = {};
    for (const [what, fields] of Object.entries(attempts)) {
      const v = await writer.write(writer.craft((d) => writeFeatureFields(d, fields)));
      verdicts[what] = v.refused ? v.reason.replace(/^[^r]*refused: /, '') : 'accepted';
    }
    // Refused whole, for the first rule each breaks (the id's owner is checked before its fields).
    expect(verdicts['their venue, their street']).toMatch(/already belongs to street:shunhualu/);
    expect(verdicts['their venue, claimed for our street']).toMatch(/already belongs to street:shunhualu/);
    expect(verdicts['a copy of the zone outline']).toMatch(/already belongs to district/);
    expect(verdicts['a copy of the zone outline, our street']).toMatch(/already belongs to district/);
    expect(verdicts['a new zone feature']).toMatch(/district room only/);
    expect(verdicts['a new venue filed under their street']).toMatch(/street: must be "suncun" in street:suncun/);

    // An honest edit after them, once projected, shows the projection has run over this room.
    expect((await writer.write(writer.craft((d) => writeFeatureFields(d, testVenue('venue-suncun-honest', { name: '本街道场地' }))))).refused).toBe(false);
    const pub = connectClient(srv.wsUrl, 'public');
    clients.push(pub);
    await approveAsAdmin(srv, ['venue-suncun-honest']);
    await waitFor('the honest venue to be published', () => featuresOf(pub.doc).has('venue-suncun-honest'), [pub.doc]);
    const after = await publicFeatures(srv.wsUrl);
    expect(after.get(OTHER_VENUE)).toEqual(before.get(OTHER_VENUE));
    expect(after.get(ZONE)).toEqual(before.get(ZONE));
    expect(after.has('zone-fake')).toBe(false);
    expect(after.has('venue-suncun-misfiled')).toBe(false);
    expect([...after.values()].filter((f) => f.layer === 'zone')).toHaveLength(1);
  });
});
