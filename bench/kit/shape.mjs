// New in this repo (not part of the shared kit): how a load generator's entry is written into
// the `features` map. The kit writes plain objects ('plain'); our server refuses anything
// outside its document layout (server/guard/), so `npm run bench` writes every entry, for every
// server alike, as our product does ('product'): a Y.Map per feature with a need's fields (a
// layer the public never sees, so no server does projection work the kit's entries did not
// cause), the write time in its description.
import * as Y from 'yjs'

/** The street a room writes under: ours are `street:<id>`; the references take any. */
export function streetOf (room) {
  return typeof room === 'string' && room.startsWith('street:') ? room.slice('street:'.length) : 'suncun'
}

/** Set entry `key` of `map` to the kit's `fields` ({ name, lon, lat, ts }), in the given shape. */
export function writeEntry (shape, map, key, fields, street) {
  if (shape !== 'product') { map.set(key, { id: key, type: 'poi', ...fields }); return }
  const write = () => {
    const f = new Y.Map()
    map.set(key, f)
    f.set('id', key); f.set('layer', 'need'); f.set('name', fields.name); f.set('street', street); f.set('provenance', 'staff')
    f.set('geometry', { type: 'Point', coordinates: [fields.lon, fields.lat] })
    f.set('community', null); f.set('status', 'open'); f.set('description', 'ts:' + fields.ts)
  }
  if (map.doc) map.doc.transact(write); else write()
}

/** Overwrite one field of an existing entry (the product's edit), or the whole entry (the kit's). */
export function overwriteEntry (shape, map, key, fields, street) {
  const f = map.get(key)
  if (shape === 'product' && f instanceof Y.Map) { f.set('name', fields.name); return }
  writeEntry(shape, map, key, fields, street)
}

/** The write time an entry carries, in either shape. */
export function tsOf (v) {
  if (v instanceof Y.Map) { const d = v.get('description'); return typeof d === 'string' && d.startsWith('ts:') ? Number(d.slice(3)) : 0 }
  return v && v.ts
}
