import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { featuresOf, readReview, REVIEW_KEY, writeFeature } from '../../model/index.ts';
import { connectClient, until, waitFor, type TestClient } from '../helpers/clients.ts';
import { openWriter, publicFeatures } from '../helpers/crafted.ts';
import { testVenue } from '../helpers/features.ts';
import { review } from '../helpers/review.ts';
import { serverPerFile, type TestServer } from '../helpers/server.ts';

/**
 * Review before publish (信息公开审核), against the real server: staff edits stay among staff,
 * the public room shows each feature's last approved version, approving and sending back are a
 * reviewer's (or an admin's), taking a feature off the public map is any writer's, and a crafted
 * client cannot approve its own work.
 */
let srv: TestServer;
const clients = serverPerFile((s) => (srv = s));
const client = (room: string, token?: string): TestClient => {
  const c = connectClient(srv.wsUrl, room, token);
  clients.push(c);
  return c;
};

const publicName = async (id: string) => (await publicFeatures(srv.wsUrl)).get(id)?.name;
const publicHtml = async () => (await fetch(`${srv.url}/public`)).text();

describe('review before publish', () => {
  it('starts with the seed published', async () => {
    const pub = await publicFeatures(srv.wsUrl);
    expect([...pub.values()].filter((f) => f.layer === 'venue').length).toBeGreaterThanOrEqual(4);
    const staff = client('street:suncun', await srv.token('viewer'));
    await staff.synced;
    const id = [...featuresOf(staff.doc).keys()].find((k) => featuresOf(staff.doc).get(k)!.get('layer') === 'venue')!;
    expect(readReview(staff.doc, id)?.published?.id).toBe(id);
  });

  it("keeps an editor's new venue among staff until a reviewer approves it; a later edit waits; unpublishing is at once", async () => {
    const editor = client('street:suncun', await srv.token('editor', 'suncun', { sub: 'editor-1', name: '孙村编辑' }));
    const colleague = client('street:suncun', await srv.token('viewer'));
    await Promise.all([editor.synced, colleague.synced]);
    writeFeature(editor.doc, testVenue('v-review-1', { name: '待审核书屋' }));
    await waitFor('a colleague sees the new venue', () => featuresOf(colleague.doc).has('v-review-1'), [colleague.doc]);

    // Not public: not in the public room, not on /public. (The projection runs within 50 ms of
    // an edit; a later edit of the same room published after it proves it has run.)
    // (The approval is HTTP, the edit a WebSocket message: approve once the server has the edit,
    // which it has when a colleague has received it.)
    const onServer = (name: string) => waitFor(`the server to have ${name}`, () => featuresOf(colleague.doc).get('v-review-probe')?.get('name') === name, [colleague.doc]);
    writeFeature(editor.doc, testVenue('v-review-probe', { name: '探针' }));
    await onServer('探针');
    const reviewer = await srv.token('reviewer', 'suncun', { sub: 'reviewer-1', name: '孙村审核人' });
    expect((await review(srv, reviewer, 'approve', ['v-review-probe'])).status).toBe(200);
    await until('the probe to be public', async () => ((await publicName('v-review-probe')) ? true : null));
    expect(await publicName('v-review-1')).toBeUndefined();
    expect(await publicHtml()).not.toContain('待审核书屋');

    // An editor cannot approve; a reviewer of another subdistrict cannot either.
    const byEditor = await review(srv, await srv.token('editor', 'suncun'), 'approve', ['v-review-1']);
    expect(byEditor.status).toBe(403);
    const byOther = await review(srv, await srv.token('reviewer', 'juyehe'), 'approve', ['v-review-1']);
    expect(byOther.status).toBe(403);
    expect(await publicName('v-review-1')).toBeUndefined();

    // Approved: public, on /public too, and staff see who approved it.
    const approved = await review(srv, reviewer, 'approve', ['v-review-1']);
    expect(approved).toMatchObject({ status: 200, body: { done: ['v-review-1'], refused: [] } });
    await until('the approved venue to be public', async () => ((await publicName('v-review-1')) === '待审核书屋' ? true : null), 5_000);
    expect(await publicHtml()).toContain('待审核书屋');
    await waitFor('staff see the approval', () => readReview(colleague.doc, 'v-review-1')?.approvedBy?.name === '孙村审核人', [colleague.doc]);

    // A later edit of its name stays among staff: the approved name stays public.
    featuresOf(editor.doc).get('v-review-1')!.set('name', '改名未审核书屋');
    writeFeature(editor.doc, testVenue('v-review-probe', { name: '探针二' }));
    await onServer('探针二');
    expect((await review(srv, reviewer, 'approve', ['v-review-probe'])).status).toBe(200);
    await until('the second probe to be public', async () => ((await publicName('v-review-probe')) === '探针二' ? true : null));
    expect(await publicName('v-review-1')).toBe('待审核书屋');
    expect(await publicHtml()).not.toContain('改名未审核书屋');

    // Sent back with a note: still the approved name in public; staff see the note.
    const returned = await review(srv, reviewer, 'return', ['v-review-1'], '名称请用全称');
    expect(returned.status).toBe(200);
    await waitFor('staff see the send-back', () => readReview(colleague.doc, 'v-review-1')?.returned?.note === '名称请用全称', [colleague.doc]);
    expect(await publicName('v-review-1')).toBe('待审核书屋');

    // Approved again: the new name is public.
    expect((await review(srv, reviewer, 'approve', ['v-review-1'])).status).toBe(200);
    await until('the new name to be public', async () => ((await publicName('v-review-1')) === '改名未审核书屋' ? true : null), 5_000);

    // Unpublished by the editor (no review needed): gone from public at once.
    expect((await review(srv, await srv.token('editor', 'suncun'), 'unpublish', ['v-review-1'])).status).toBe(200);
    await until('the venue to be off the public map', async () => ((await publicName('v-review-1')) === undefined ? true : null), 5_000);
    expect(featuresOf(colleague.doc).get('v-review-1')?.get('name')).toBe('改名未审核书屋');
  });

  it('takes a published feature off the public map when it is deleted', async () => {
    const editor = client('street:suncun', await srv.token('editor', 'suncun'));
    await editor.synced;
    writeFeature(editor.doc, testVenue('v-review-del', { name: '将被删除的书屋' }));
    await until('the server to own the venue', async () => ((await review(srv, await srv.token('admin'), 'approve', ['v-review-del'])).body.done?.length ? true : null));
    await until('the venue to be public', async () => ((await publicName('v-review-del')) ? true : null), 5_000);
    featuresOf(editor.doc).delete('v-review-del');
    await until('the deleted venue to be off the public map', async () => ((await publicName('v-review-del')) === undefined ? true : null), 5_000);
  });

  it('refuses a crafted client that writes or deletes the approval marker, and publishes nothing', async () => {
    const token = await srv.token('editor', 'suncun');
    const editor = client('street:suncun', token);
    await editor.synced;
    const watcher = client('street:suncun', await srv.token('viewer'));
    await watcher.synced;
    writeFeature(editor.doc, testVenue('v-review-crafted', { name: '自己批准的书屋' }));
    await waitFor('the venue to reach the server', () => featuresOf(watcher.doc).has('v-review-crafted'), [watcher.doc]);
    const fresh = await openWriter(srv.wsUrl, 'street:suncun', token);
    const version = { ...testVenue('v-review-crafted', { name: '自己批准的书屋' }) };
    const marker = fresh.craft((doc) => doc.getMap(REVIEW_KEY).set('v-review-crafted', { published: version, approvedBy: { sub: 'x', name: '伪造' }, approvedAt: 1 }));
    const verdict = await fresh.write(marker);
    expect(verdict.refused).toBe(true);
    expect(verdict.reason).toContain('outside the document layout');

    // Deleting an existing approval (the seed's) is refused too.
    const seedId = [...readReviewIds(fresh.replica)][0]!;
    const del = fresh.craft((doc) => doc.getMap(REVIEW_KEY).delete(seedId));
    const delVerdict = await fresh.write(del);
    expect(delVerdict.refused).toBe(true);
    expect(delVerdict.reason).toContain('review map');

    // Nothing was published; the seed's feature is still public.
    const pub = await publicFeatures(srv.wsUrl);
    expect(pub.has('v-review-crafted')).toBe(false);
    expect(pub.has(seedId)).toBe(true);
    fresh.raw.ws.close();
  });

  it('says why a request is refused: no note on a send-back, unknown ids, no token', async () => {
    const admin = await srv.token('admin');
    expect((await review(srv, admin, 'return', ['v-review-1'])).status).toBe(400);
    const unknown = await review(srv, admin, 'approve', ['no-such-feature']);
    expect(unknown).toMatchObject({ status: 200, body: { done: [], refused: [{ id: 'no-such-feature', reason: 'no such feature' }] } });
    const anonymous = await fetch(`${srv.url}/api/review`, { method: 'POST', body: JSON.stringify({ action: 'approve', ids: ['x'] }) });
    expect(anonymous.status).toBe(401);
    const viewer = await review(srv, await srv.token('viewer'), 'unpublish', ['v-review-1']);
    expect(viewer.status).toBe(403);
  });

  it('writes each review to the audit log with the reviewer and the features by name', async () => {
    const res = await fetch(`${srv.url}/api/rooms/street:suncun/audit?limit=200`, { headers: { authorization: `Bearer ${await srv.token('admin')}` } });
    const { entries } = (await res.json()) as { entries: Array<{ action: string; actorName: string; detail: string }> };
    const reviews = entries.filter((e) => e.action === 'review').map((e) => ({ who: e.actorName, ...(JSON.parse(e.detail) as { kind: string; note?: string; features: Array<{ name: string }> }) }));
    expect(reviews).toContainEqual(expect.objectContaining({ who: '孙村审核人', kind: 'return', note: '名称请用全称', features: [expect.objectContaining({ name: '改名未审核书屋' })] }));
    expect(reviews).toContainEqual(expect.objectContaining({ kind: 'unpublish', features: [expect.objectContaining({ name: '改名未审核书屋' })] }));
  });
});

function readReviewIds(doc: Y.Doc): string[] {
  return [...doc.getMap(REVIEW_KEY).keys()];
}
