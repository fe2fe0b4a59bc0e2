import WebSocket from 'ws';

/**
 * The V8 inspector of a server started with `inspect: true`: forces a full garbage collection
 * and reads the heap in use. A leak is objects still reachable after a full GC; RSS alone also
 * moves with the allocator's free lists and the heap's reserve, which is noise for a leak test.
 */
export async function heapAfterGcMB(inspectorUrl: string): Promise<number> {
  const socket = new WebSocket(inspectorUrl);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  let next = 1;
  const pending = new Map<number, (result: unknown) => void>();
  socket.on('message', (data: Buffer) => {
    const msg = JSON.parse(data.toString()) as { id?: number; result?: unknown; error?: { message: string } };
    if (msg.id !== undefined) pending.get(msg.id)?.(msg.error ? new Error(msg.error.message) : msg.result);
  });
  const call = (method: string, params: object = {}) =>
    new Promise<unknown>((resolve, reject) => {
      const id = next++;
      pending.set(id, (r) => (r instanceof Error ? reject(r) : resolve(r)));
      socket.send(JSON.stringify({ id, method, params }));
    });
  try {
    // Two collections: the first can leave objects with finalizers for the second.
    await call('HeapProfiler.collectGarbage');
    await call('HeapProfiler.collectGarbage');
    const r = (await call('Runtime.evaluate', { expression: 'process.memoryUsage().heapUsed', returnByValue: true })) as { result: { value: number } };
    return r.result.value / 1024 / 1024;
  } finally {
    socket.close();
  }
}
