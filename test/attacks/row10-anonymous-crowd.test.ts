import { afterAll, describe, expect, it } from 'vitest';
import { frames, isStep2, openRaw, type RawSocket } from '../helpers/raw.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

/**
 * Row 10: thousands of anonymous visitors behind one address (a campus, a carrier-grade NAT, a
 * venue's Wi-Fi). Their sockets used to spend the per-IP token-verification budget although
 * they verify no token: 840 of 2,000 were closed with 4429. Scaled down here with a tiny login
 * budget (5, then practically no refill).
 */
const servers: TestServer[] = [];
const sockets: RawSocket[] = [];
afterAll(async () => {
  for (const s of sockets.splice(0)) s.ws.terminate();
  for (const s of servers.splice(0)) await s.stop();
});

async function start(env: Record<string, string>): Promise<TestServer> {
  const srv = await startServer({ env });
  servers.push(srv);
  return srv;
}

type Health = { connections: number; loginRateLimited?: number; overCapacity?: number };
const healthOf = async (srv: TestServer) => (await (await fetch(`${srv.url}/api/health`)).json()) as Health;

/** Re-ask /api/health until `check` holds (each answer is the next event; no fixed sleep). */
async function untilHealth(srv: TestServer, what: string, check: (h: Health) => boolean): Promise<Health> {
  for (let i = 0; i < 2000; i++) {
    const h = await healthOf(srv);
    if (check(h)) return h;
  }
  throw new Error(`never happened: ${what}`);
}

/** Open a socket and wait until it synced (step 2 received) or was closed. */
async function join(url: string, localAddress?: string): Promise<{ socket: RawSocket; synced: boolean; close: { code: number; reason: string } | null }> {
  const socket = await openRaw(url, localAddress ? { localAddress } : {});
  sockets.push(socket);
  socket.send(frames.syncStep1());
  const outcome = await Promise.race([
    socket.waitForFrame('sync step 2', isStep2, 20_000).then(() => 'synced' as const, () => 'closed' as const),
    socket.closed.then(() => 'closed' as const),
  ]);
  if (outcome === 'synced') return { socket, synced: true, close: null };
  return { socket, synced: false, close: await socket.closed };
}

describe('row 10: anonymous crowds', () => {
  it('300 anonymous public sockets from one address all sync; token connects still spend the login budget', async () => {
    const srv = await start({ LOGIN_BURST: '5', LOGIN_RATE_PER_S: '0.001' });
    const url = `${srv.wsUrl}/public`;
    const crowd: Array<Awaited<ReturnType<typeof join>>> = [];
    // In waves of 50, so the test's own process keeps up on two cores.
    for (let wave = 0; wave < 6; wave++) crowd.push(...(await Promise.all(Array.from({ length: 50 }, () => join(url)))));
    expect(crowd.filter((c) => !c.synced).map((c) => c.close)).toEqual([]);
    expect(crowd.length).toBe(300);

    // The login budget is untouched by the crowd: five token connects pass, the sixth is refused
    // with a reason that says when to retry.
    const token = await srv.token('viewer');
    for (let i = 0; i < 5; i++) expect((await join(`${srv.wsUrl}/street:suncun?token=${token}`)).synced, `token connect ${i + 1}`).toBe(true);
    const over = await join(`${srv.wsUrl}/street:suncun?token=${token}`);
    expect(over.close?.code).toBe(4429);
    expect(over.close?.reason).toMatch(/retry in \d+ s/);
    // Anonymous visitors still get in.
    expect((await join(url)).synced).toBe(true);
    expect((await healthOf(srv)).loginRateLimited).toBe(1);
    for (const c of crowd) c.socket.ws.close();
  });

  it('caps concurrent sockets per address (4429, then admits again when one closes) and in all (1013)', async () => {
    const srv = await start({ MAX_CONNECTIONS_PER_IP: '50', MAX_CONNECTIONS: '60' });
    const url = `${srv.wsUrl}/public`;
    const fifty = await Promise.all(Array.from({ length: 50 }, () => join(url)));
    expect(fifty.every((c) => c.synced)).toBe(true);

    const fiftyFirst = await join(url);
    expect(fiftyFirst.close?.code).toBe(4429);
    expect(fiftyFirst.close?.reason).toMatch(/retry in \d+ s/);

    // One visitor leaves: a place is free again for that address.
    fifty[0]!.socket.ws.close();
    await fifty[0]!.socket.closed;
    await untilHealth(srv, 'the server saw the socket close', (h) => h.connections === 49);
    expect((await join(url)).synced).toBe(true);

    // Another address gets its own per-IP allowance, up to the global cap (60 open sockets).
    const other = await Promise.all(Array.from({ length: 10 }, () => join(url, '127.0.0.2')));
    expect(other.every((c) => c.synced)).toBe(true);
    const full = await join(url, '127.0.0.2');
    expect(full.close?.code).toBe(1013);
    expect(full.close?.reason).toMatch(/try again later/);
    expect((await healthOf(srv)).overCapacity).toBe(2);
  });
});
