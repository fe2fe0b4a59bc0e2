import * as Y from 'yjs';
import {
  deleteFeature,
  featureSchema,
  featuresOf,
  readFeatureJson,
  replaceFeatureFields,
  roomOfStreet,
  type Feature,
  type Geometry,
  type Layer,
  type RoomName,
} from '../../../model/index.ts';
import { currentLanguage } from '../i18n/i18n.ts';
import { fieldErrorsZh } from '../ledger/messages.ts';
import type { SyncStore } from '../sync/syncStore.ts';
import { EN_ISSUE_WORDS } from './validationWords.ts';

/**
 * Every write the workspace makes goes through here: the form's save, a drag on the map, a
 * delete, an undo. It validates with the shared zod model (so nothing invalid is ever sent),
 * picks the room from the feature's street, checks the session may write that room (the server
 * checks again), and tags each transaction with this tab's origin so that a per-room
 * Y.UndoManager undoes this user's edits and never a colleague's.
 *
 * Undo spans rooms: a feature moved to another subdistrict is a delete in one room and a create
 * in the other, and one undo puts it back. The editor keeps the order of its own edits across
 * rooms as a stack of groups; each group lists the rooms one user action touched.
 */

export type SaveResult =
  | { ok: true; id: string; room: RoomName }
  /** `errors`: field → message in Chinese (the form shows each beside its input). */
  | { ok: false; errors: Record<string, string> };

export type EditorSnapshot = { canUndo: boolean; canRedo: boolean };

/**
 * How many edits back a user can go. Y.UndoManager keeps deleted content alive while it is on a
 * stack, so the rooms' stacks are trimmed with the group list: a tab open all day stays small.
 */
export const MAX_UNDO = 200;

/** One user action: how many stack items it left in each room it touched. */
type Group = Map<RoomName, number>;

export class Editor {
  /** Transaction origin of this tab's own edits (the UndoManagers track only this). */
  readonly origin = { editor: 'local' };
  private readonly managers = new Map<RoomName, Y.UndoManager>();
  private readonly undoGroups: Group[] = [];
  private readonly redoGroups: Group[] = [];
  /** Stack items added per room since the last pushGroup. */
  private readonly changedRooms: Group = new Map();
  private snapshot: EditorSnapshot = { canUndo: false, canRedo: false };
  private readonly listeners = new Set<() => void>();

  constructor(private readonly sync: Pick<SyncStore, 'doc' | 'getSnapshot'>) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): EditorSnapshot => this.snapshot;

  /** Rooms this session may write, in the session's order. */
  writableRooms(): RoomName[] {
    return (this.sync.getSnapshot().session?.rooms ?? []).filter((r) => r.canWrite).map((r) => r.room);
  }

  canWriteRoom(room: RoomName): boolean {
    return this.writableRooms().includes(room);
  }

  /** Whether the session may write a feature of this subdistrict (null = zone-wide). */
  canWriteStreet(street: string | null): boolean {
    return this.canWriteRoom(roomOfStreet(street as Parameters<typeof roomOfStreet>[0]));
  }

  /** The stored feature (private fields included) and its room, from any open room. */
  read(id: string): { room: RoomName; json: Record<string, unknown> } | null {
    for (const grant of this.sync.getSnapshot().session?.rooms ?? []) {
      const entry = this.sync.doc(grant.room) && featuresOf(this.sync.doc(grant.room)!).get(id);
      if (entry) return { room: grant.room, json: readFeatureJson(entry) };
    }
    return null;
  }

  /** A fresh id for a new feature: random, never derived from a (person's) name. */
  newId(layer: Layer, street: string | null): string {
    const random = globalThis.crypto.randomUUID().replace(/-/g, '').slice(0, 10);
    return `${layer}-${street ?? 'district'}-${random}`;
  }

  /** Check a feature against the model without writing it. */
  validate(input: Record<string, unknown>): { ok: true; feature: Feature } | { ok: false; errors: Record<string, string> } {
    const parsed = featureSchema.safeParse(input);
    if (parsed.success) return { ok: true, feature: parsed.data };
    const layer = (typeof input.layer === 'string' ? input.layer : 'venue') as Layer;
    // In the language the user reads now; the import's per-row messages stay Chinese (the sheets are).
    return { ok: false, errors: fieldErrorsZh(parsed.error, layer, input, currentLanguage() === 'en' ? EN_ISSUE_WORDS : undefined) };
  }

  /**
   * Create or replace a feature with exactly these fields (a cleared field is deleted). Only the
   * fields whose value changed are written, so a colleague's concurrent edit of another field
   * of the same feature survives. A changed street moves the feature to that street's room.
   */
  save(input: Record<string, unknown>): SaveResult {
    const checked = this.validate(input);
    if (!checked.ok) return checked;
    const feature = checked.feature;
    const room = roomOfStreet(feature.street);
    if (!this.canWriteRoom(room)) return { ok: false, errors: { street: '无权编辑该街道的数据' } };
    const doc = this.sync.doc(room);
    if (!doc) return { ok: false, errors: { street: '该街道的数据尚未连接，请稍后再试' } };
    const before = this.read(feature.id);
    if (before && before.room !== room && !this.canWriteRoom(before.room)) {
      return { ok: false, errors: { street: '无权从原街道移出该记录' } };
    }
    if (before && before.room !== room) this.transact(before.room, (d) => deleteFeature(d, feature.id));
    this.transact(room, (d) => replaceFeatureFields(d, feature as Feature & Record<string, unknown>));
    this.pushGroup();
    return { ok: true, id: feature.id, room };
  }

  /** Move or reshape a feature: only its geometry is written. */
  setGeometry(id: string, geometry: Geometry): SaveResult {
    const found = this.read(id);
    if (!found) return { ok: false, errors: { geometry: '该记录已被删除' } };
    const checked = this.validate({ ...found.json, geometry });
    if (!checked.ok) return checked;
    if (!this.canWriteRoom(found.room)) return { ok: false, errors: { street: '无权编辑该街道的数据' } };
    this.transact(found.room, (d) => featuresOf(d).get(id)?.set('geometry', geometry));
    this.pushGroup();
    return { ok: true, id, room: found.room };
  }

  remove(id: string): boolean {
    const found = this.read(id);
    if (!found || !this.canWriteRoom(found.room)) return false;
    this.transact(found.room, (d) => deleteFeature(d, id));
    this.pushGroup();
    return true;
  }

  /** Run a batch of writes in one room as one undo step (the import uses it). */
  batch(room: RoomName, write: (doc: Y.Doc) => void): boolean {
    if (!this.canWriteRoom(room) || !this.sync.doc(room)) return false;
    this.transact(room, write);
    this.pushGroup();
    return true;
  }

  /**
   * Run writes made elsewhere (the import's applyImport) as one undo step: `run` gets this
   * editor's origin to pass as the transaction origin, and every room it changed becomes part
   * of the step.
   */
  track<R>(run: (origin: unknown) => R): R {
    const before = new Map<RoomName, number>();
    for (const room of this.writableRooms()) {
      const doc = this.sync.doc(room);
      if (doc) before.set(room, this.manager(room, doc).undoStack.length);
    }
    const result = run(this.origin);
    for (const [room, length] of before) {
      const manager = this.managers.get(room)!;
      manager.stopCapturing();
      this.counted(room, manager.undoStack.length - length);
    }
    this.pushGroup();
    return result;
  }

  undo(): boolean {
    return this.step(this.undoGroups, this.redoGroups, (m) => m.undo());
  }

  redo(): boolean {
    return this.step(this.redoGroups, this.undoGroups, (m) => m.redo());
  }

  destroy(): void {
    for (const manager of this.managers.values()) manager.destroy();
    this.managers.clear();
  }

  private manager(room: RoomName, doc: Y.Doc): Y.UndoManager {
    let manager = this.managers.get(room);
    if (!manager || manager.doc !== doc) {
      manager?.destroy();
      // captureTimeout 0: each user action is its own step (a form save, one drag).
      manager = new Y.UndoManager(featuresOf(doc), { trackedOrigins: new Set([this.origin]), captureTimeout: 0 });
      this.managers.set(room, manager);
    }
    return manager;
  }

  /** Write in one room; true when the write changed something (and so became an undo step). */
  private transact(room: RoomName, write: (doc: Y.Doc) => void): boolean {
    const doc = this.sync.doc(room);
    if (!doc) return false;
    const manager = this.manager(room, doc);
    const before = manager.undoStack.length;
    doc.transact(() => write(doc), this.origin);
    manager.stopCapturing();
    const added = manager.undoStack.length - before;
    this.counted(room, added);
    return added > 0;
  }

  private counted(room: RoomName, added: number): void {
    if (added > 0) this.changedRooms.set(room, (this.changedRooms.get(room) ?? 0) + added);
  }

  private pushGroup(): void {
    // A save that changed nothing is no step to undo.
    if (this.changedRooms.size === 0) return;
    this.undoGroups.push(new Map(this.changedRooms));
    this.changedRooms.clear();
    if (this.undoGroups.length > MAX_UNDO) {
      // The oldest step leaves the list, and its items leave the rooms' stacks (the oldest ones).
      for (const [room, items] of this.undoGroups.shift()!) this.managers.get(room)?.undoStack.splice(0, items);
    }
    // A new edit ends every redo branch, in every room.
    this.redoGroups.length = 0;
    for (const manager of this.managers.values()) manager.clear(false, true);
    this.emit();
  }

  private step(from: Group[], to: Group[], run: (m: Y.UndoManager) => unknown): boolean {
    const group = from.pop();
    if (!group) return false;
    for (const [room, items] of group) {
      const manager = this.managers.get(room);
      if (manager) for (let i = 0; i < items; i++) run(manager);
    }
    to.push(group);
    this.emit();
    return true;
  }

  private emit(): void {
    const next = { canUndo: this.undoGroups.length > 0, canRedo: this.redoGroups.length > 0 };
    if (next.canUndo === this.snapshot.canUndo && next.canRedo === this.snapshot.canRedo) return;
    this.snapshot = next;
    for (const listener of this.listeners) listener();
  }
}
