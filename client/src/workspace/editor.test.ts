import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { featuresOf, readFeatureJson, type RoomName } from '../../../model/index.ts';
import type { Session } from '../api/session.ts';
import { i18n } from '../i18n/i18n.ts';
import { Editor, MAX_UNDO } from './editor.ts';

/** The two rooms an editor of 孙村 sees, as plain Y.Docs, and the session the server would hand out. */
function setup(rooms: Array<{ room: RoomName; canWrite: boolean }>) {
  const docs = new Map<RoomName, Y.Doc>(rooms.map((r) => [r.room, new Y.Doc()]));
  const session: Session = { role: 'editor', street: 'suncun', name: '张三', rooms };
  const sync = { doc: (room: RoomName) => docs.get(room) ?? null, getSnapshot: () => ({ phase: 'ready' as const, session, notice: null, rooms: [] }) };
  return { docs, editor: new Editor(sync) };
}

/** Two peers of one room, kept in sync the way the server relays updates. */
function connect(a: Y.Doc, b: Y.Doc): void {
  a.on('update', (u: Uint8Array, origin: unknown) => origin !== b && Y.applyUpdate(b, u, a));
  b.on('update', (u: Uint8Array, origin: unknown) => origin !== a && Y.applyUpdate(a, u, b));
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a), a);
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b), b);
}

const venue = (over: Record<string, unknown> = {}) => ({
  id: 'venue-suncun-test',
  layer: 'venue',
  name: '幸福里活动室',
  street: 'suncun',
  provenance: 'staff',
  geometry: { type: 'Point', coordinates: [117.25, 36.69] },
  venueType: '活动室',
  community: null,
  ...over,
});

const stored = (doc: Y.Doc, id: string) => {
  const entry = featuresOf(doc).get(id);
  return entry ? readFeatureJson(entry) : undefined;
};

describe('Editor', () => {
  it('refuses invalid input with a Chinese message per field and writes nothing', () => {
    const { docs, editor } = setup([{ room: 'street:suncun', canWrite: true }]);
    const result = editor.save(venue({ name: '', capacity: { value: -3 } }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.name).toMatch(/名称/);
    expect(result.errors.capacity).toMatch(/非负整数/);
    expect(featuresOf(docs.get('street:suncun')!).size).toBe(0);
    expect(editor.getSnapshot().canUndo).toBe(false);
  });

  it('says what is wrong in English when the user reads English', async () => {
    const { editor } = setup([{ room: 'street:suncun', canWrite: true }]);
    await i18n.changeLanguage('en');
    try {
      const result = editor.save(venue({ name: '', capacity: { value: -3 }, venueType: '体育馆', private: { phone: 'x'.repeat(60) } }));
      expect(result).toEqual({
        ok: false,
        errors: {
          name: 'Name is required',
          capacity: expect.stringMatching(/^Capacity must be a whole number of 0 or more/),
          venueType: expect.stringMatching(/^Type must be one of: .*Reading room/),
          'private.phone': 'Phone may be at most 50 characters long',
        },
      });
    } finally {
      await i18n.changeLanguage('zh');
    }
  });

  it('refuses a street the session may not write', () => {
    const { editor } = setup([
      { room: 'street:suncun', canWrite: true },
      { room: 'street:shunhualu', canWrite: false },
    ]);
    const result = editor.save(venue({ id: 'venue-x', street: 'shunhualu' }));
    expect(result).toEqual({ ok: false, errors: { street: expect.stringMatching(/无权/) } });
  });

  it('undoes and redoes its own save; a save that changes nothing is no step', () => {
    const { docs, editor } = setup([{ room: 'street:suncun', canWrite: true }]);
    const doc = docs.get('street:suncun')!;
    expect(editor.save(venue()).ok).toBe(true);
    expect(editor.save(venue({ openingHours: '9:00-17:00' })).ok).toBe(true);
    expect(editor.save(venue({ openingHours: '9:00-17:00' })).ok).toBe(true); // unchanged
    expect(editor.undo()).toBe(true);
    expect(stored(doc, 'venue-suncun-test')?.openingHours).toBeUndefined();
    expect(editor.undo()).toBe(true);
    expect(stored(doc, 'venue-suncun-test')).toBeUndefined();
    expect(editor.getSnapshot()).toEqual({ canUndo: false, canRedo: true });
    expect(editor.redo()).toBe(true);
    expect(stored(doc, 'venue-suncun-test')?.name).toBe('幸福里活动室');
  });

  it('never undoes a colleague’s edit of the same feature', () => {
    const { docs, editor } = setup([{ room: 'street:suncun', canWrite: true }]);
    const mine = docs.get('street:suncun')!;
    const colleague = new Y.Doc();
    connect(mine, colleague);
    editor.save(venue());
    // I rename it; my colleague sets the opening hours (another field, their own transaction).
    editor.save(venue({ name: '幸福里共享活动室' }));
    featuresOf(colleague).get('venue-suncun-test')!.set('openingHours', '周一至周五 9:00-17:00');
    editor.undo();
    for (const doc of [mine, colleague]) {
      expect(stored(doc, 'venue-suncun-test')?.name).toBe('幸福里活动室');
      expect(stored(doc, 'venue-suncun-test')?.openingHours).toBe('周一至周五 9:00-17:00');
    }
  });

  it('moves a feature to another street’s room, and one undo puts it back', () => {
    const { docs, editor } = setup([
      { room: 'street:suncun', canWrite: true },
      { room: 'street:juyehe', canWrite: true },
    ]);
    editor.save(venue());
    expect(editor.save(venue({ street: 'juyehe' }))).toEqual({ ok: true, id: 'venue-suncun-test', room: 'street:juyehe' });
    expect(stored(docs.get('street:suncun')!, 'venue-suncun-test')).toBeUndefined();
    expect(stored(docs.get('street:juyehe')!, 'venue-suncun-test')?.street).toBe('juyehe');
    editor.undo();
    expect(stored(docs.get('street:suncun')!, 'venue-suncun-test')?.street).toBe('suncun');
    expect(stored(docs.get('street:juyehe')!, 'venue-suncun-test')).toBeUndefined();
  });

  it('makes writes done elsewhere (an import) one undo step across rooms', () => {
    const { docs, editor } = setup([
      { room: 'street:suncun', canWrite: true },
      { room: 'street:juyehe', canWrite: true },
    ]);
    editor.track((origin) => {
      docs.get('street:suncun')!.transact(() => featuresOf(docs.get('street:suncun')!).set('a', new Y.Map()), origin);
      docs.get('street:juyehe')!.transact(() => featuresOf(docs.get('street:juyehe')!).set('b', new Y.Map()), origin);
    });
    expect(editor.undo()).toBe(true);
    expect(featuresOf(docs.get('street:suncun')!).size + featuresOf(docs.get('street:juyehe')!).size).toBe(0);
    expect(editor.getSnapshot().canUndo).toBe(false);
  });

  it('undoes all of an import in one step, even when it wrote a room in several transactions', () => {
    const { docs, editor } = setup([{ room: 'street:suncun', canWrite: true }]);
    editor.save(venue());
    const doc = docs.get('street:suncun')!;
    editor.track((origin) => {
      doc.transact(() => featuresOf(doc).set('a', new Y.Map()), origin);
      doc.transact(() => featuresOf(doc).set('b', new Y.Map()), origin);
    });
    expect(editor.undo()).toBe(true);
    expect([...featuresOf(doc).keys()]).toEqual(['venue-suncun-test']);
    expect(editor.redo()).toBe(true);
    expect([...featuresOf(doc).keys()].sort()).toEqual(['a', 'b', 'venue-suncun-test']);
  });

  it('keeps at most MAX_UNDO steps, and its rooms keep no more than that (a tab open all day stays small)', () => {
    const { docs, editor } = setup([
      { room: 'street:suncun', canWrite: true },
      { room: 'street:juyehe', canWrite: true },
    ]);
    for (let i = 0; i < MAX_UNDO + 50; i++) editor.save(venue({ name: `活动室 ${i}`, street: i % 2 ? 'juyehe' : 'suncun' }));
    let undone = 0;
    while (editor.undo()) undone++;
    expect(undone).toBe(MAX_UNDO);
    // The oldest 50 saves stay; the rest were undone, room by room, in order.
    const suncun = stored(docs.get('street:suncun')!, 'venue-suncun-test');
    const juyehe = stored(docs.get('street:juyehe')!, 'venue-suncun-test');
    expect([suncun?.name, juyehe?.name].filter(Boolean)).toEqual(['活动室 49']);
    const stacks = (editor as unknown as { managers: Map<RoomName, Y.UndoManager> }).managers;
    for (const manager of stacks.values()) expect(manager.undoStack.length).toBe(0);
  });

  it('a cleared field is deleted, private fields included', () => {
    const { docs, editor } = setup([{ room: 'street:suncun', canWrite: true }]);
    editor.save(venue({ openingHours: '全天', private: { phone: '0531-1234567', notes: '钥匙在门卫' } }));
    editor.save(venue({ private: { notes: '钥匙在门卫' } }));
    const json = stored(docs.get('street:suncun')!, 'venue-suncun-test')!;
    expect(json.openingHours).toBeUndefined();
    expect(json.private).toEqual({ notes: '钥匙在门卫' });
  });
});
