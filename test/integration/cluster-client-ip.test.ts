import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC_ROOM } from '../../model/index.ts';
import { startCluster, type TestCluster } from '../helpers/cluster.ts';
import { frames, isStep2, openRaw, type RawSocket } from '../helpers/raw.ts';

/**
 * TRUSTED_PROXIES behind Debian's nginx: the per-IP limits (MAX_CONNECTIONS_PER_IP, the login
 * budget) count each client's own address, which nginx appends to X-Forwarded-For, not nginx's.
 * What a client writes in X-Forwarded-For itself changes nothing: through nginx it stays left of
 * the address nginx saw, and from an address that is not a proxy it is not read at all.
 * Tight limits (2 sockets per IP, a login burst of 2 that never refills) make a budget visible.
 */
let cluster: TestCluster;
const sockets: RawSocket[] = [];

beforeAll(async () => {
  // The harness trusts 127.0.0.1, where nginx connects from (helpers/cluster.ts).
  cluster = await startCluster({ processes: 2, env: { MAX_CONNECTIONS_PER_IP: '2', LOGIN_BURST: '2', LOGIN_RATE_PER_S: '0' } });
}, 120_000);
afterAll(async () => {
  for (const s of sockets.splice(0)) s.ws.terminate();
  await cluster?.stop();
});

/** A public-room socket from `from` (another loopback address is another client): admitted, or how it was closed. */
async function visit(url: string, from: string, forwardedFor: string): Promise<string> {
  const sock = await openRaw(url, { localAddress: from, headers: { 'x-forwarded-for': forwardedFor } });
  sockets.push(sock);
  sock.send(frames.syncStep1());
  return Promise.race([sock.waitForFrame('the room', isStep2).then(() => 'admitted'), sock.closed.then(({ code }) => `closed ${code}`)]);
}

/** GET /api/session with a token from `from`: the status (200, or 429 once that client's login budget is spent). */
function session(base: string, from: string, forwardedFor: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${base}/api/session`, { localAddress: from, headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': forwardedFor } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
  });
}

const tally = (outcomes: Array<string | number>) => outcomes.reduce<Record<string, number>>((t, o) => ({ ...t, [o]: (t[o] ?? 0) + 1 }), {});

describe('per-IP limits behind nginx with TRUSTED_PROXIES', () => {
  it('give two clients their own socket cap, whatever X-Forwarded-For they send; a forged one from a non-proxy is ignored', async () => {
    const viaNginx = `${cluster.wsUrl}/${PUBLIC_ROOM}`;
    // 127.0.0.2 claims a new address on each socket: still one client, 2 sockets on each process.
    const first: string[] = [];
    for (let i = 0; i < 6; i++) first.push(await visit(viaNginx, '127.0.0.2', `198.51.100.${i + 1}`));
    expect(tally(first)).toEqual({ admitted: 4, 'closed 4429': 2 });
    // Another client behind the same nginx has a budget of its own.
    const second = [await visit(viaNginx, '127.0.0.3', '198.51.100.1'), await visit(viaNginx, '127.0.0.3', '198.51.100.2')];
    expect(second).toEqual(['admitted', 'admitted']);
    // Straight to a process, from an address that is not a proxy: its header is not read, it is 127.0.0.2 (at its cap).
    for (const p of cluster.processes) expect(await visit(`${p.wsUrl}/${PUBLIC_ROOM}`, '127.0.0.2', '203.0.113.9'), `process ${p.index}`).toBe('closed 4429');
    // …while a newcomer there is admitted: the cap is 127.0.0.2's, not everyone's.
    expect(await visit(`${cluster.processes[0]!.wsUrl}/${PUBLIC_ROOM}`, '127.0.0.4', '127.0.0.2')).toBe('admitted');
  });

  it('give two clients their own login budget', async () => {
    const token = await cluster.token('viewer');
    // A burst of 2 per client per process, never refilled: 4 logins through nginx, then 429.
    const first: number[] = [];
    for (let i = 0; i < 6; i++) first.push(await session(cluster.url, '127.0.0.5', `198.51.100.${i + 1}`, token));
    expect(tally(first)).toEqual({ 200: 4, 429: 2 });
    expect([await session(cluster.url, '127.0.0.6', '198.51.100.1', token), await session(cluster.url, '127.0.0.6', '198.51.100.1', token)]).toEqual([200, 200]);
    // Straight to a process from 127.0.0.5 with a forged header: its spent budget, not a fresh one.
    for (const p of cluster.processes) expect(await session(p.url, '127.0.0.5', '203.0.113.9', token), `process ${p.index}`).toBe(429);
  });
});
