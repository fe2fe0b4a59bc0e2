import path from 'node:path';

/** Everything the server reads from its environment, with the embedded defaults. */
export type Config = {
  port: number;
  host: string;
  dataDir: string;
  /** Built client to serve; missing folder = API and sync only. */
  clientDir: string;
  /** Largest WebSocket frame accepted; bigger frames close that socket (1009). */
  maxMessageBytes: number;
  /** Log entries per room before they are folded into a snapshot. */
  compactEvery: number;
  /** Seed a fresh data dir from data/seed. */
  seed: boolean;
};

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const root = path.resolve(import.meta.dirname, '..');
  return {
    port: env.PORT !== undefined ? Number(env.PORT) : 8787,
    host: env.HOST ?? '127.0.0.1',
    dataDir: path.resolve(env.DATA_DIR ?? './.data'),
    clientDir: path.resolve(env.CLIENT_DIR ?? path.join(root, 'dist/client')),
    maxMessageBytes: Number(env.MAX_MESSAGE_BYTES ?? 8 * 1024 * 1024),
    compactEvery: Number(env.COMPACT_EVERY ?? 500),
    seed: env.SEED !== '0',
  };
}
