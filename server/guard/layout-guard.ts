import * as Y from 'yjs';
import {
  DISTRICT_ROOM,
  FEATURE_FIELDS,
  FEATURES_KEY,
  isFeatureId,
  jsonProblem,
  LAYERS,
  MAX_PRIVATE_CHARS,
  META_KEY,
  PRIVATE_FIELDS,
  PRIVATE_KEY,
  REVIEW_KEY,
  roomStreet,
  type RoomName,
} from '../../model/index.ts';
import type { DecodedUpdate } from '../sync/sync-server.ts';

/**
 * The server as judge of every write: a writer's update is decoded (once, by the sync core)
 * and checked against the document layout (model/layout.ts) and the room's rules before it
 * touches the doc, the log or any peer. Anything else is refused whole.
 *
 * What a writer may write, in a staff room:
 * - an entry of `features`, keyed by a feature id, whose value is a Y.Map; a new id must not
 *   belong to another room (`ownerOf`);
 * - in a feature's Y.Map: the keys some layer's schema has, each a bounded JSON value; `id`
 *   equal to the key the feature is stored under, `street` equal to the room's street (null
 *   only in `district`), `layer` one of the layers and `zone` only in `district`; and under
 *   `private` a Y.Map of the private keys, each a string;
 * - deletions of anything it may write (not the server's `meta` or `review`), and only of what
 *   exists. Nothing at all in `review` (model/review.ts): approvals are the server's to write.
 *
 * A feature that keeps to this but fails its layer's zod schema (a field missing, a value out
 * of range) is stored, and stays with staff: the public projection publishes only features
 * that parse. Refusing those would refuse a colleague's half-made edit merged with ours.
 *
 * Where an item goes is not always in its encoding: an item with a left or right neighbour
 * inherits its parent from that neighbour, which may be in the doc or earlier in the update.
 * Those references are followed iteratively (a crafted chain can be arbitrarily long).
 */

/** Which room an id already belongs to, or null for a new id. */
export type OwnerLookup = (id: string) => RoomName | null;

type Loc =
  | { kind: 'features' }
  | { kind: 'feature'; id: string }
  | { kind: 'private'; id: string }
  | { kind: 'meta' }
  | { kind: 'other' };
type Slot = { parent: Loc; key: string | null };
/** `gone`: Yjs drops the item on integration (its parent or neighbour was garbage-collected). */
type Resolved = Slot | 'gone' | { refuse: string };
type Struct = Y.Item | Y.GC;

const OTHER: Loc = { kind: 'other' };

export function checkWrite(doc: Y.Doc, room: RoomName, update: DecodedUpdate, ownerOf: OwnerLookup): string | null {
  return new WriteCheck(doc, room, update, ownerOf).run();
}

class WriteCheck {
  private readonly features: Y.Map<unknown>;
  private readonly meta: Y.Map<unknown>;
  private readonly review: Y.Map<unknown>;
  private readonly street: string | null;
  /** The update's structs per client, in clock order (as decodeUpdate returns them). */
  private readonly byClient = new Map<number, Array<Struct | Y.Skip>>();
  private readonly memo = new Map<Y.Item, Resolved>();

  constructor(
    private readonly doc: Y.Doc,
    private readonly room: RoomName,
    private readonly update: DecodedUpdate,
    private readonly ownerOf: OwnerLookup,
  ) {
    this.features = doc.getMap(FEATURES_KEY);
    this.meta = doc.getMap(META_KEY);
    this.review = doc.getMap(REVIEW_KEY);
    this.street = roomStreet(room);
    for (const s of update.structs) {
      let list = this.byClient.get(s.id.client);
      if (!list) this.byClient.set(s.id.client, (list = []));
      list.push(s);
    }
  }

  run(): string | null {
    const gap = this.gap();
    if (gap) return gap;
    for (const s of this.update.structs) {
      if (!(s instanceof Y.Item)) continue; // GC: deleted content; Skip: a gap
      // Already in the doc: Yjs skips it, so it changes nothing.
      if (Y.getState(this.doc.store, s.id.client) >= s.id.clock + s.length) continue;
      const problem = this.checkItem(s);
      if (problem) return problem;
    }
    return this.checkDeletes();
  }

  private checkItem(item: Y.Item): string | null {
    const resolved = this.resolve(item);
    if (resolved === 'gone') return null;
    if ('refuse' in resolved) return resolved.refuse;
    const { parent, key } = resolved;
    const content = item.content;
    if (parent.kind === 'meta') return 'writes the server-owned meta map';
    if (parent.kind === 'other') return 'writes outside the document layout (features → feature → private)';
    if (key === null) return 'inserts a list item into a map';
    if (content instanceof Y.ContentDeleted) return null;

    if (parent.kind === 'features') {
      if (!isFeatureId(key)) return `feature key "${clip(key)}" is not a valid id`;
      if (!(content instanceof Y.ContentType) || !(content.type instanceof Y.Map)) return `feature ${key} is not a Y.Map`;
      if (!this.features.has(key)) {
        const owner = this.ownerOf(key);
        if (owner !== null && owner !== this.room) return `feature id ${key} already belongs to ${owner}`;
      }
      return null;
    }
    if (parent.kind === 'feature') {
      if (!FEATURE_FIELDS.has(key)) return `feature ${parent.id}: unknown field "${clip(key)}"`;
      if (key === PRIVATE_KEY) {
        return content instanceof Y.ContentType && content.type instanceof Y.Map ? null : `feature ${parent.id}: private is not a Y.Map`;
      }
      if (!(content instanceof Y.ContentAny)) return `feature ${parent.id}.${key}: not a JSON value`;
      for (const value of content.arr) {
        const problem = jsonProblem(value) ?? this.fieldRule(parent.id, key, value);
        if (problem) return `feature ${parent.id}.${key}: ${problem}`;
      }
      return null;
    }
    // parent.kind === 'private'
    if (!PRIVATE_FIELDS.has(key)) return `feature ${parent.id}: unknown private field "${clip(key)}"`;
    if (!(content instanceof Y.ContentAny)) return `feature ${parent.id}.private.${key}: not a string`;
    for (const value of content.arr) {
      if (typeof value !== 'string' || value.length > MAX_PRIVATE_CHARS) return `feature ${parent.id}.private.${key}: not a string of at most ${MAX_PRIVATE_CHARS} characters`;
    }
    return null;
  }

  /** The rules that tie a feature to the room it is stored in. */
  private fieldRule(id: string, key: string, value: unknown): string | null {
    if (key === 'id' && value !== id) return 'differs from the key the feature is stored under';
    if (key === 'street' && value !== this.street) {
      return this.street === null ? 'must be null in the district room' : `must be "${this.street}" in ${this.room}`;
    }
    if (key === 'layer') {
      if (!(LAYERS as readonly unknown[]).includes(value)) return 'unknown layer';
      if (value === 'zone' && this.room !== DISTRICT_ROOM) return 'the zone outline lives in the district room only';
    }
    return null;
  }

  /**
   * Each client's structs must continue what the room has: Yjs would keep an update with a gap
   * pending in memory, unchecked against the state it finally lands in, and unstored. A gap
   * means an earlier update of that client never arrived or was refused; its author hears so
   * for every later one, instead of edits vanishing silently.
   */
  private gap(): string | null {
    for (const [client, list] of this.byClient) {
      let expected = Y.getState(this.doc.store, client);
      for (const s of list) {
        if (s instanceof Y.Skip) continue;
        if (s.id.clock > expected) return 'an earlier update of this client is missing (refused or lost): reload to resync';
        expected = Math.max(expected, s.id.clock + s.length);
      }
    }
    return null;
  }

  /** Deleting is allowed for what a writer may write: not the server's meta, nothing that does not exist. */
  private checkDeletes(): string | null {
    for (const [client, ranges] of this.update.ds.clients) {
      const docStructs = this.doc.store.clients.get(client);
      const docState = Y.getState(this.doc.store, client);
      for (const { clock, len } of ranges) {
        const end = clock + len;
        if (docStructs && clock < docState) {
          for (let i = Y.findIndexSS(docStructs, clock); i < docStructs.length && docStructs[i]!.id.clock < end; i++) {
            const s = docStructs[i]!;
            if (s instanceof Y.Item && !s.deleted && s.parent === this.meta) return 'deletes from the server-owned meta map';
            if (s instanceof Y.Item && !s.deleted && s.parent === this.review) return 'deletes from the server-owned review map (only a reviewer approves, over HTTP)';
          }
        }
        // What lies beyond the doc must be in this update: a deletion of items that do not exist
        // yet would wait in the doc and delete someone's future edit when it arrives.
        if (end > docState && !this.updateCovers(client, Math.max(clock, docState), end)) return 'deletes items the room does not have';
      }
    }
    return null;
  }

  private updateCovers(client: number, from: number, to: number): boolean {
    const list = this.byClient.get(client);
    if (!list) return false;
    let at = from;
    for (const s of list) {
      if (s instanceof Y.Skip) continue;
      if (s.id.clock <= at && at < s.id.clock + s.length) at = s.id.clock + s.length;
      if (at >= to) return true;
    }
    return at >= to;
  }

  /** A struct by id: the doc's, else this update's. */
  private find(id: Y.ID): { struct: Struct; inDoc: boolean } | null {
    const docStructs = this.doc.store.clients.get(id.client);
    if (docStructs && Y.getState(this.doc.store, id.client) > id.clock) return { struct: docStructs[Y.findIndexSS(docStructs, id.clock)] as Struct, inDoc: true };
    const list = this.byClient.get(id.client);
    if (!list) return null;
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = list[mid]!;
      if (id.clock < s.id.clock) hi = mid - 1;
      else if (id.clock >= s.id.clock + s.length) lo = mid + 1;
      else return s instanceof Y.Skip ? null : { struct: s, inDoc: false };
    }
    return null;
  }

  /** Where an update item goes, following references iteratively and memoised. */
  private resolve(start: Y.Item): Resolved {
    const stack: Y.Item[] = [start];
    const onStack = new Set<Y.Item>([start]);
    while (stack.length > 0) {
      const item = stack[stack.length - 1]!;
      if (this.memo.has(item)) {
        stack.pop();
        onStack.delete(item);
        continue;
      }
      const step = this.step(item);
      if ('need' in step) {
        if (onStack.has(step.need)) {
          this.memo.set(item, { refuse: 'references form a cycle' });
        } else {
          stack.push(step.need);
          onStack.add(step.need);
        }
        continue;
      }
      this.memo.set(item, step.done);
      stack.pop();
      onStack.delete(item);
    }
    return this.memo.get(start)!;
  }

  /** Resolve one item, or name the update item whose resolution it needs first. */
  private step(item: Y.Item): { done: Resolved } | { need: Y.Item } {
    const parent = item.parent as unknown;
    if (typeof parent === 'string') {
      const loc: Loc = parent === FEATURES_KEY ? { kind: 'features' } : parent === META_KEY ? { kind: 'meta' } : OTHER;
      return { done: { parent: loc, key: item.parentSub } };
    }
    if (parent instanceof Y.ID) {
      const found = this.find(parent);
      if (!found) return { done: { refuse: 'its parent is missing' } };
      const p = found.struct;
      if (p instanceof Y.GC || p.content instanceof Y.ContentDeleted) return { done: 'gone' };
      if (!(p.content instanceof Y.ContentType)) return { done: { refuse: 'its parent is not a shared type' } };
      if (found.inDoc) return { done: { parent: typeLoc(this.features, p.content.type), key: item.parentSub } };
      const ps = this.memo.get(p);
      if (!ps) return { need: p };
      if (ps === 'gone' || 'refuse' in ps) return { done: ps };
      return { done: { parent: contentLoc(ps, p.content.type), key: item.parentSub } };
    }
    // No parent in the encoding: Yjs takes it from the left neighbour (origin), else the right.
    const refs = [item.origin, item.rightOrigin].filter((r): r is Y.ID => r !== null);
    if (refs.length === 0) return { done: { refuse: 'has neither a parent nor a neighbour' } };
    const found = refs.map((r) => this.find(r));
    if (found.some((f) => f === null)) return { done: { refuse: 'its neighbour is missing' } };
    if (found.some((f) => f!.struct instanceof Y.GC)) return { done: 'gone' };
    const ref = found[0]!.struct as Y.Item;
    if (found[0]!.inDoc) return { done: { parent: typeLoc(this.features, ref.parent as Y.AbstractType<unknown>), key: ref.parentSub } };
    const rs = this.memo.get(ref);
    if (!rs) return { need: ref };
    return { done: rs };
  }
}

/** Where a type already in the doc sits (constant work: the layout is three levels deep). */
function typeLoc(features: Y.Map<unknown>, type: Y.AbstractType<unknown> | null): Loc {
  if (!type) return OTHER;
  const item = type._item;
  if (item === null) {
    if (type === (features as unknown)) return { kind: 'features' };
    return type.doc?.share.get(META_KEY) === type ? { kind: 'meta' } : OTHER;
  }
  if (!(type instanceof Y.Map) || item.parentSub === null) return OTHER;
  if (item.parent === (features as unknown)) return { kind: 'feature', id: item.parentSub };
  const featureItem = (item.parent as Y.AbstractType<unknown>)._item;
  if (item.parentSub === PRIVATE_KEY && featureItem && featureItem.parent === (features as unknown) && featureItem.parentSub !== null) {
    return { kind: 'private', id: featureItem.parentSub };
  }
  return OTHER;
}

/** Where the type held by an item in `slot` sits. */
function contentLoc(slot: Slot, type: Y.AbstractType<unknown>): Loc {
  if (!(type instanceof Y.Map) || slot.key === null) return OTHER;
  if (slot.parent.kind === 'features') return { kind: 'feature', id: slot.key };
  if (slot.parent.kind === 'feature' && slot.key === PRIVATE_KEY) return { kind: 'private', id: slot.parent.id };
  return OTHER;
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
