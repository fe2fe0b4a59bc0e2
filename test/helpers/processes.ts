import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FanoutHealth } from '../../server/fanout/redis-fanout.ts';
import { until } from './clients.ts';
import { startServer, type TestServer } from './server.ts';

/** /api/health as a server with REDIS_URL answers it. */
export type FanoutHealthJson = { ok: boolean; fanout?: FanoutHealth };

export async function healthOf(srv: TestServer): Promise<{ status: number; body: FanoutHealthJson }> {
  const res = await fetch(`${srv.url}/api/health`);
  return { status: res.status, body: (await res.json()) as FanoutHealthJson };
}

export type Deployment = {
  servers: TestServer[];
  /** Start one more process of the deployment (same database, data dir and Redis). */
  add(env?: Record<string, string>): Promise<TestServer>;
  /** Stop every process still running and remove the shared data dir. */
  stop(): Promise<void>;
};

/**
 * Several server processes of one deployment, as `npm start` runs each: one PostgreSQL schema
 * (the first's fresh one, shared by the others), one DATA_DIR (so one `secret.key`: a token of
 * one is a token of all), one Redis with this run's channel prefix. Resolves once each is
 * connected to Redis and has heard from all the others.
 */
export async function startDeployment(count: number, redis: { url: string; keyPrefix: string }, env: Record<string, string> = {}): Promise<Deployment> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'srx-deployment-'));
  const base = { REDIS_URL: redis.url, REDIS_PREFIX: redis.keyPrefix, ...env };
  const servers: TestServer[] = [];
  const add = async (more: Record<string, string> = {}) => {
    const first = servers[0];
    const srv = await startServer({ dataDir, env: { ...base, ...more }, ...(first ? { sameDatabaseAs: first } : { backend: 'postgres' as const }) });
    servers.push(srv);
    return srv;
  };
  try {
    // The first seeds the database; the others find it seeded.
    await add();
    await Promise.all(Array.from({ length: count - 1 }, () => add()));
    await allConnected(servers);
  } catch (err) {
    for (const s of servers) await s.stop().catch(() => {});
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  return {
    servers,
    add,
    async stop() {
      for (const s of servers) await s.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Every server is connected to Redis and hears the others (their heartbeats). */
export async function allConnected(servers: TestServer[]): Promise<void> {
  for (const srv of servers) {
    await until(`${srv.url} connected to Redis, hearing ${servers.length - 1} others`, async () => {
      const { body } = await healthOf(srv);
      return body.fanout?.connected && body.fanout.peers >= servers.length - 1 ? true : null;
    });
  }
}
