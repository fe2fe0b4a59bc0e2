import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { freePort, readyOrExit } from './daemons.ts';

/** What to tell whoever runs the tests on a machine without Redis. */
export const REDIS_MISSING =
  'Redis is needed by these tests and redis-server was not found in /usr/bin or PATH: install it (apt-get install redis-server), or set REDIS_URL to a Redis the tests may write keys to.';

export type TestRedis = {
  /** redis://127.0.0.1:PORT (throwaway) or REDIS_URL. */
  url: string;
  /** Prefix for every key this run writes (`srx-test:<random>:`), so runs sharing REDIS_URL don't collide. */
  keyPrefix: string;
  /** The server was started here (false: REDIS_URL's, which the tests must not stop). */
  own: boolean;
  /** Stop the throwaway server and remove its folder, or delete this run's keys from REDIS_URL's. */
  stop(): Promise<void>;
};

type Options = {
  /** Read for REDIS_URL (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** The redis-server program (default: /usr/bin/redis-server, else the first in PATH). */
  bin?: string;
};

/**
 * A Redis for one test file: REDIS_URL's when set, else `redis-server` on a free port of
 * 127.0.0.1 with no persistence (`--save '' --appendonly no`: the tests' durable store is
 * PostgreSQL; Redis only carries messages between processes). Root may run it. Nothing is
 * skipped without Redis: this rejects with `REDIS_MISSING`, which says what to install.
 */
export async function startRedis(options: Options = {}): Promise<TestRedis> {
  const keyPrefix = `srx-test:${crypto.randomBytes(4).toString('hex')}:`;
  const given = (options.env ?? process.env).REDIS_URL;
  if (given) {
    return {
      url: given,
      keyPrefix,
      own: false,
      async stop() {
        const redis = new Redis(given, { lazyConnect: true });
        await redis.connect();
        try {
          for (let cursor = '0'; ; ) {
            const [next, keys] = await redis.scan(cursor, 'MATCH', `${keyPrefix}*`, 'COUNT', 500);
            if (keys.length) await redis.del(...keys);
            if ((cursor = next) === '0') break;
          }
        } finally {
          redis.disconnect();
        }
      },
    };
  }
  const bin = options.bin ?? findRedis();
  if (!bin || !fs.existsSync(bin)) throw new Error(REDIS_MISSING);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'srx-redis-'));
  let child: ChildProcess | undefined;
  const onExit = () => {
    child?.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  };
  let port: number | undefined;
  try {
    for (let attempt = 0; ; attempt++) {
      port = await freePort();
      const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir];
      const started = spawn(bin, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
      const outcome = await readyOrExit(started, /Ready to accept connections/, 'redis-server');
      if (outcome === 'ready') {
        child = started;
        break;
      }
      if (attempt < 3 && /already in use/i.test(outcome)) continue;
      throw new Error(outcome);
    }
  } catch (err) {
    onExit();
    throw err;
  }
  process.on('exit', onExit);
  return {
    url: `redis://127.0.0.1:${port}`,
    keyPrefix,
    own: true,
    async stop() {
      const c = child;
      child = undefined;
      if (c && c.exitCode === null && c.signalCode === null) {
        const gone = new Promise((resolve) => c.once('exit', resolve));
        c.kill('SIGTERM');
        await gone;
      }
      process.off('exit', onExit);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function findRedis(): string | undefined {
  const dirs = ['/usr/bin', ...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean)];
  return dirs.map((d) => path.join(d, 'redis-server')).find((f) => fs.existsSync(f));
}
