import * as Y from 'yjs';

/**
 * Every listener on a doc: its own events (`update`, `destroy`…) and the observers (`observe`,
 * `observeDeep`) of each shared type in it, nested ones included. Yjs has no public count, so
 * this reads its internals (lib0's `_observers`, a type's `_eH` and `_dEH`): for tests that check
 * that whatever plugs into a room lets go of it.
 */
export function listenersOn(doc: Y.Doc): number {
  type Internals = { _observers: Map<string, Set<unknown>> };
  let n = 0;
  for (const set of (doc as unknown as Internals)._observers.values()) n += set.size;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const stack: Array<Y.AbstractType<any>> = [...doc.share.values()];
  while (stack.length > 0) {
    const type = stack.pop()!;
    n += type._eH.l.length + type._dEH.l.length;
    const children = (item: Y.Item | null) => {
      if (item && !item.deleted && item.content instanceof Y.ContentType) stack.push(item.content.type);
    };
    for (const item of type._map.values()) children(item);
    for (let item = type._start; item !== null; item = item.right) children(item);
  }
  return n;
}
