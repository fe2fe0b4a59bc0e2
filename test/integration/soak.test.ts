import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { featuresOf, STAFF_ROOMS, writeFeature, type StreetId } from '../../model/index.ts';
import { connectClient, waitFor, type TestClient } from '../helpers/clients.ts';
import { testVenue } from '../helpers/features.ts';
import { heapAfterGcMB } from '../helpers/inspector.ts';
import { health, rssMB } from '../helpers/raw.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

/**
 * A bounded soak: waves of clients join every room, edit, and leave. After each wave every
 * room is freed (the public projection holds none of its own), and the server's memory does
 * not grow from wave to wave: it comes back to where the first waves left it.
 */
const WAVES = 8;
const CLIENTS_PER_WAVE = 42;
let srv: TestServer;
beforeAll(async () => {
  srv = await startServer({ env: { LOG_LEVEL: 'info' }, inspect: true });
});
afterAll(async () => {
  await srv.stop();
});

const ROOMS = [...STAFF_ROOMS, 'public'] as const;

/** Every venue a wave wrote, by room. */
const written = new Map<string, string[]>();

async function wave(n: number, tokens: { admin: string; viewer: string }): Promise<void> {
  const clients: TestClient[] = [];
  for (let i = 0; i < CLIENTS_PER_WAVE; i++) {
    const room = ROOMS[i % ROOMS.length]!;
    const token = room === 'public' ? undefined : i % 3 === 0 ? tokens.admin : tokens.viewer;
    clients.push(connectClient(srv.wsUrl, room, token));
  }
  await Promise.all(clients.map((c) => c.synced));
  // Admins in street rooms add a venue each and move it; presence comes and goes with them.
  const writers = clients.filter((c, i) => i % 3 === 0 && ROOMS[i % ROOMS.length]!.startsWith('street:'));
  for (const [j, c] of writers.entries()) {
    const street = (c.provider.roomname.split(':')[1] ?? 'suncun') as StreetId;
    const id = `v-soak-${n}-${j}`;
    c.provider.awareness.setLocalState({ cursor: [117 + j / 100, 36.7] });
    writeFeature(c.doc, testVenue(id, { street, name: `浸泡 ${n}-${j}` }));
    featuresOf(c.doc).get(id)!.set('capacity', { value: n * 10 + j, atLeast: false });
    written.set(c.provider.roomname, [...(written.get(c.provider.roomname) ?? []), id]);
  }
  // Every reader sees every venue written into its room in this wave, with its last capacity.
  const readers = clients.filter((c) => c.provider.roomname.startsWith('street:') && !writers.includes(c));
  const ofWave = (room: string) => (written.get(room) ?? []).filter((id) => id.startsWith(`v-soak-${n}-`));
  expect(readers.every((r) => ofWave(r.provider.roomname).length > 0)).toBe(true);
  await waitFor(
    `wave ${n}: readers see all of the writers' venues`,
    () => readers.every((r) => ofWave(r.provider.roomname).every((id) => (featuresOf(r.doc).get(id)?.get('capacity') as { value?: number } | undefined)?.value !== undefined)),
    readers.map((r) => r.doc),
    20_000,
  );
  for (const c of clients) c.destroy();
  await waitFor(`wave ${n}: every room freed`, () => last.rooms === 0 && last.connections === 0, [], 20_000).catch(async (err: Error) => {
    throw new Error(`${err.message}: ${JSON.stringify(await health(srv.url))}`);
  });
}

// waitFor's condition is synchronous; keep the last health answer fresh with a poller.
let last = { rooms: -1, connections: -1 };
let polling: NodeJS.Timeout | null = null;
function pollHealth(): void {
  polling = setInterval(() => {
    void health(srv.url).then((h) => (last = h), () => {});
  }, 50);
}

describe('soak', () => {
  it(`${WAVES} waves of ${CLIENTS_PER_WAVE} clients joining, editing and leaving: rooms freed, memory back to its level`, async () => {
    pollHealth();
    try {
      const tokens = { admin: await srv.token('admin'), viewer: await srv.token('viewer') };
      const rss: number[] = [];
      const heap: number[] = [];
      for (let n = 1; n <= WAVES; n++) {
        await wave(n, tokens);
        rss.push(rssMB(srv.pid));
        heap.push(await heapAfterGcMB(srv.inspectorUrl!));
      }
      const mb = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(', ');
      console.info(`soak: after each wave, heap after a full GC (MB): ${mb(heap)}; RSS (MB): ${mb(rss)}`);
      // A leak is what stays reachable after a full garbage collection: with every room freed,
      // the heap must come back to the level of the first waves (which warm up JIT and caches).
      // RSS is printed, not asserted: it also moves with the allocator and the heap's reserve.
      const settled = Math.max(heap[1]!, heap[2]!);
      expect(heap.at(-1)!, `heap after GC per wave (MB): ${mb(heap)}`).toBeLessThan(settled + 2);
      expect(await health(srv.url)).toMatchObject({ rooms: 0, connections: 0 });
      // Every edit of every wave is on disk, in its room.
      for (const [room, ids] of written) {
        const check = connectClient(srv.wsUrl, room, tokens.admin);
        await check.synced;
        expect(ids.filter((id) => !featuresOf(check.doc).has(id)), room).toEqual([]);
        check.destroy();
      }
      expect([...written.values()].flat().length).toBeGreaterThanOrEqual(WAVES * 5);
    } finally {
      if (polling) clearInterval(polling);
    }
  });
});
