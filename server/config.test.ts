import { describe, expect, it } from 'vitest';
import { configFromEnv, parsePublicUrl } from './config.ts';

describe('PUBLIC_URL', () => {
  it('is an http(s) address, kept without a trailing slash (a path prefix too), or null when unset', () => {
    expect(configFromEnv({}).publicUrl).toBeNull();
    expect(parsePublicUrl('')).toBeNull();
    expect(parsePublicUrl('https://map.example.gov.cn/')).toBe('https://map.example.gov.cn');
    expect(parsePublicUrl(' https://www.example.gov.cn/sanrenxing/ ')).toBe('https://www.example.gov.cn/sanrenxing');
    expect(parsePublicUrl('http://10.0.0.5:8787')).toBe('http://10.0.0.5:8787');
    // A Chinese domain in the form a QR code and a chat app both read.
    expect(parsePublicUrl('https://地图.中国')).toBe('https://xn--wcs7d.xn--fiqs8s');
  });

  it('stops the server at start when it is not a plain web address', () => {
    for (const bad of ['map.example.gov.cn', 'ftp://map.example.gov.cn', 'https://map.example.gov.cn/?from=qr', 'https://map.example.gov.cn/#top', 'https://user:pw@map.example.gov.cn', 'javascript:alert(1)']) {
      expect(() => parsePublicUrl(bad), bad).toThrow(/PUBLIC_URL/);
    }
  });
});

describe('the environment', () => {
  it('gives the embedded defaults when nothing is set, empty values included', () => {
    const c = configFromEnv({ PORT: '', ROOM_IDLE_MS: '' });
    expect(c).toMatchObject({ port: 8787, host: '127.0.0.1', roomIdleMs: 30_000, maxMessageBytes: 8 * 1024 * 1024, seed: true, allowedOrigins: [], publicUrl: null, basemapDir: null });
  });

  it('reads numbers, lists and switches', () => {
    const c = configFromEnv({ PORT: '0', ROOM_IDLE_MS: '0', SNAPSHOT_QUOTA: '0', SEED: '0', ALLOWED_ORIGINS: 'https://A.example/, https://b.example', EMBED_ORIGINS: '*, https://site.example' });
    expect(c).toMatchObject({ port: 0, roomIdleMs: 0, snapshotQuota: 1, seed: false, allowedOrigins: ['https://a.example', 'https://b.example'], embedOrigins: ['https://site.example'] });
  });

  it('stops at start on a value that is not what the variable holds, naming it', () => {
    expect(() => configFromEnv({ PORT: '80a' })).toThrow(/PORT="80a"/);
    expect(() => configFromEnv({ PORT: '70000' })).toThrow(/PORT/);
    expect(() => configFromEnv({ ROOM_IDLE_MS: '-1' })).toThrow(/ROOM_IDLE_MS="-1"/);
    expect(() => configFromEnv({ MAX_CONNECTIONS: 'lots' })).toThrow(/MAX_CONNECTIONS="lots"/);
  });

  it('takes a PostgreSQL URL as DATABASE_URL (unset or empty: SQLite), and nothing else', () => {
    expect(configFromEnv({}).databaseUrl).toBeNull();
    expect(configFromEnv({ DATABASE_URL: '' }).databaseUrl).toBeNull();
    expect(configFromEnv({ DATABASE_URL: 'postgres://srx@db:5432/srx' }).databaseUrl).toBe('postgres://srx@db:5432/srx');
    expect(configFromEnv({ DATABASE_URL: 'postgresql://srx@db/srx?sslmode=require' }).databaseUrl).toBe('postgresql://srx@db/srx?sslmode=require');
    expect(() => configFromEnv({ DATABASE_URL: 'mysql://srx@db/srx' })).toThrow(/DATABASE_URL="mysql:\/\/srx@db\/srx"/);
    expect(() => configFromEnv({ DATABASE_URL: './data.sqlite' })).toThrow(/DATABASE_URL/);
  });

  it('takes a Redis URL as REDIS_URL only with DATABASE_URL: several processes share PostgreSQL, never a SQLite file', () => {
    const pg = { DATABASE_URL: 'postgres://srx@db:5432/srx' };
    expect(configFromEnv(pg)).toMatchObject({ redisUrl: null, redisPrefix: 'srx:' });
    expect(configFromEnv({ ...pg, REDIS_URL: '' }).redisUrl).toBeNull();
    expect(configFromEnv({ ...pg, REDIS_URL: 'redis://cache:6379' }).redisUrl).toBe('redis://cache:6379');
    expect(configFromEnv({ ...pg, REDIS_URL: 'rediss://:secret@cache:6380/2' }).redisUrl).toBe('rediss://:secret@cache:6380/2');
    expect(() => configFromEnv({ ...pg, REDIS_URL: 'http://cache:6379' })).toThrow(/REDIS_URL="http:\/\/cache:6379"/);
    expect(() => configFromEnv({ REDIS_URL: 'redis://cache:6379' })).toThrow(/REDIS_URL is set but DATABASE_URL is not.*SQLite file belongs to one process/);
    expect(configFromEnv({ ...pg, REDIS_PREFIX: 'srx:staging:' }).redisPrefix).toBe('srx:staging:');
    // The fan-out subscribes to `<prefix>*`: a glob character would widen it to others' channels.
    expect(() => configFromEnv({ ...pg, REDIS_PREFIX: 'srx*' })).toThrow(/REDIS_PREFIX="srx\*"/);
  });

  it('takes TRUSTED_PROXIES as IP addresses and CIDR blocks (default: none, the TCP peer is the client)', () => {
    expect(configFromEnv({}).trustedProxies).toEqual([]);
    expect(configFromEnv({ TRUSTED_PROXIES: ' 10.0.0.5, 10.1.0.0/16,::1 ' }).trustedProxies).toEqual(['10.0.0.5', '10.1.0.0/16', '::1']);
    expect(() => configFromEnv({ TRUSTED_PROXIES: '10.0.0.5, nginx' })).toThrow(/TRUSTED_PROXIES.*"nginx" is not an IP address/);
    expect(() => configFromEnv({ TRUSTED_PROXIES: '10.0.0.0/40' })).toThrow(/TRUSTED_PROXIES.*prefix length/);
  });
});
