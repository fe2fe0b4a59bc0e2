import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientIp, proxyEntryProblem, trustedProxies } from './client-ip.ts';

/** A request as node:http hands it over: the TCP peer and the headers. */
const request = (peer: string, forwardedFor?: string | string[]) =>
  ({ socket: { remoteAddress: peer }, headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } }) as unknown as IncomingMessage;

describe('clientIp', () => {
  const proxies = trustedProxies(['10.0.0.5', '192.168.1.0/24', 'fd00::/8']);

  it('is the TCP peer without trusted proxies, whatever X-Forwarded-For says', () => {
    expect(clientIp(request('203.0.113.7', '198.51.100.1'))).toBe('203.0.113.7');
    expect(clientIp(request('::ffff:127.0.0.2'))).toBe('127.0.0.2');
    expect(clientIp(undefined)).toBe('unknown');
  });

  it('ignores X-Forwarded-For from an address that is not a proxy', () => {
    expect(clientIp(request('203.0.113.7', '198.51.100.1'), proxies)).toBe('203.0.113.7');
  });

  it('takes the last entry that is not a proxy, from a proxy (exact or in a block, IPv4-mapped too)', () => {
    expect(clientIp(request('10.0.0.5', '198.51.100.1'), proxies)).toBe('198.51.100.1');
    expect(clientIp(request('::ffff:10.0.0.5', '198.51.100.1'), proxies)).toBe('198.51.100.1');
    // The client's own (forged) entries stay left of what the proxy appended.
    expect(clientIp(request('10.0.0.5', '1.2.3.4, 198.51.100.1'), proxies)).toBe('198.51.100.1');
    // Through two proxies, and two headers.
    expect(clientIp(request('10.0.0.5', '1.2.3.4, 198.51.100.1, 192.168.1.20'), proxies)).toBe('198.51.100.1');
    expect(clientIp(request('10.0.0.5', ['1.2.3.4, 198.51.100.1', '192.168.1.20']), proxies)).toBe('198.51.100.1');
    expect(clientIp(request('fd00::1', '2001:db8::9'), proxies)).toBe('2001:db8::9');
  });

  it('is the proxy itself when it sends no usable header', () => {
    expect(clientIp(request('10.0.0.5'), proxies)).toBe('10.0.0.5');
    expect(clientIp(request('10.0.0.5', ''), proxies)).toBe('10.0.0.5');
    expect(clientIp(request('10.0.0.5', '192.168.1.3'), proxies)).toBe('10.0.0.5');
    expect(clientIp(request('10.0.0.5', '1.2.3.4, unknown'), proxies)).toBe('10.0.0.5');
  });
});

describe('proxyEntryProblem', () => {
  it('takes IP addresses and CIDR blocks, and says what is wrong with anything else', () => {
    for (const ok of ['127.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8', '0.0.0.0/0']) expect(proxyEntryProblem(ok), ok).toBeNull();
    for (const bad of ['nginx', '10.0.0.0/33', '10.0.0.0/', '10.0.0.1/8/1', '::1/129', '10.0.0.256']) expect(proxyEntryProblem(bad), bad).toMatch(/not an IP address|prefix length/);
  });
});
