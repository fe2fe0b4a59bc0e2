import net from 'node:net';

/**
 * A TCP proxy in front of a server (Redis) that a test can cut: `cut()` closes every connection
 * through it and refuses new ones (each is closed as it comes), which is what the clients see when
 * the server restarts or the network to it goes; `restore()` lets new connections through again.
 * It works the same in front of the throwaway Redis and REDIS_URL's, which a test must not stop.
 */
export type CutProxy = {
  /** The target's URL with the proxy's host and port (credentials, database and query kept). */
  url: string;
  /** Connections through the proxy now (open both ways). */
  readonly open: number;
  cut(): void;
  restore(): void;
  close(): Promise<void>;
};

export async function cutProxy(targetUrl: string): Promise<CutProxy> {
  const target = new URL(targetUrl);
  const targetPort = Number(target.port || 6379);
  let cut = false;
  const pairs = new Set<{ client: net.Socket; upstream: net.Socket }>();
  const server = net.createServer((client) => {
    client.on('error', () => {});
    if (cut) {
      client.destroy();
      return;
    }
    const upstream = net.connect(targetPort, target.hostname);
    upstream.on('error', () => {});
    const pair = { client, upstream };
    pairs.add(pair);
    client.pipe(upstream);
    upstream.pipe(client);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end);
    upstream.on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const url = new URL(targetUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return {
    url: url.toString(),
    get open() {
      return pairs.size;
    },
    cut() {
      cut = true;
      for (const { client, upstream } of [...pairs]) {
        client.destroy();
        upstream.destroy();
      }
    },
    restore() {
      cut = false;
    },
    async close() {
      cut = true;
      for (const { client, upstream } of [...pairs]) {
        client.destroy();
        upstream.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
