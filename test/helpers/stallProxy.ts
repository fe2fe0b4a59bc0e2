import net from 'node:net';

/**
 * A TCP proxy in front of the server that a test can stall: from `stall()` on, nothing it
 * receives is passed on in either direction, yet no connection is closed or refused — what a
 * phone's dropped network looks like from both ends (TCP just goes quiet; the browser still
 * believes it is online). `restore()` passes on what it held, in order, and forwards again.
 */
export type StallProxy = {
  /** http://127.0.0.1:PORT, the server's pages and sockets through the proxy. */
  url: string;
  stall(): void;
  restore(): void;
  close(): Promise<void>;
};

export async function stallProxy(targetPort: number): Promise<StallProxy> {
  let stalled = false;
  const held: Array<() => void> = [];
  const sockets = new Set<net.Socket>();
  /** Do it now, or when the network comes back. */
  const pass = (action: () => void) => (stalled ? held.push(action) : action());
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      sockets.add(from);
      from.on('error', () => {}); // a reset either side just ends the pair
      from.on('data', (chunk: Buffer) => pass(() => void to.write(chunk)));
      from.on('close', () => {
        sockets.delete(from);
        pass(() => void to.destroy());
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stall() {
      stalled = true;
    },
    restore() {
      stalled = false;
      for (const action of held.splice(0)) action();
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
