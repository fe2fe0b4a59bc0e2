/* eslint-disable */
// Vendored from ../shared/bench (the project's sync benchmark kit); see bench/kit/README.md for what changed.
// Read-only / auth behaviour check (bounded, ~5 s). Needs: AUTH=1 PORT=1237 node servers/hocus.mjs
//   node readonly-test.mjs --hocus ws://127.0.0.1:1237 --ywss ws://127.0.0.1:1234
import { Client, sleep } from './load.mjs'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as encoding from 'lib0/encoding'
const arg = k => { const i = process.argv.indexOf(k); return i > 0 ? process.argv[i + 1] : null }
const out = {}
const hard = setTimeout(() => { console.log(JSON.stringify(out)); process.exit(2) }, 20000)

async function awarenessFrom (c) {
  const aw = new awarenessProtocol.Awareness(c.doc); aw.setLocalState({ user: 'viewer', cursor: [1, 2] })
  const e = c.enc(); encoding.writeVarUint(e, 1); encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(aw, [c.doc.clientID])); c.send(e)
  return aw
}

if (arg('--hocus')) {
  const url = arg('--hocus'); const room = 'ro-test-' + Date.now()
  const rw = new Client({ url, proto: 'hocus', room, token: 'rw' }); await rw.connect(5000)
  let sawAwareness = false; let sawStateless = false
  rw.ws.on('message', d => { const b = new Uint8Array(d); /* [room][type] */ if (b[room.length + 1] === 1) sawAwareness = true; if (b[room.length + 1] === 5) sawStateless = true })
  const ro = new Client({ url, proto: 'hocus', room, token: 'ro' }); await ro.connect(5000)
  ro.map.set('evil', { id: 'evil', name: 'written by read-only client' })
  await awarenessFrom(ro)
  { const e = ro.enc(); encoding.writeVarUint(e, 6); encoding.writeVarString(e, '{"spoof":"banner"}'); ro.send(e) } // client-sent BroadcastStateless (cf. hocuspocus PR #1103)
  await sleep(800)
  out.hocus = { readOnlyWriteReachedOthers: rw.map.has('evil'), readOnlyAwarenessReachedOthers: sawAwareness, readOnlyBroadcastStatelessReachedOthers: sawStateless, readOnlyGotNack: ro.acksRx }
  const bad = new Client({ url, proto: 'hocus', room, token: 'wrong' })
  out.hocus.badTokenRejected = await bad.connect(3000).then(() => false, () => true)
  rw.close(); ro.close(); bad.close()
}
if (arg('--ywss')) {
  const url = arg('--ywss'); const room = 'ro-test-' + Date.now()
  const a = new Client({ url, proto: 'ywss', room }); await a.connect(5000)
  const b = new Client({ url, proto: 'ywss', room }); await b.connect(5000)
  b.map.set('evil', { id: 'evil' }); await sleep(500)
  out.ywss = { anyClientCanWrite: a.map.has('evil'), note: 'no auth/read-only hook in @y/websocket-server; auth must be done in the HTTP upgrade handler' }
  a.close(); b.close()
}
clearTimeout(hard); console.log(JSON.stringify(out, null, 1)); process.exit(0)
