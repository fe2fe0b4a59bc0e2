import type { IncomingMessage } from 'node:http';
import net from 'node:net';

/**
 * Which client a request comes from, for the per-IP limits (LOGIN_BURST, MAX_CONNECTIONS_PER_IP).
 * Behind a load balancer the TCP peer is the balancer, so every client would share one budget.
 * TRUSTED_PROXIES names the balancers: from them, and only from them, `X-Forwarded-For` is read.
 */
export type TrustedProxies = {
  /** Is this address one of the proxies (an exact address, or inside a listed CIDR block)? */
  has(address: string): boolean;
};

/** No proxy trusted: the TCP peer is the client (the default). */
export const NO_PROXIES: TrustedProxies = { has: () => false };

/** Why an entry of TRUSTED_PROXIES is not an IP address or a CIDR block, or null when it is one. */
export function proxyEntryProblem(entry: string): string | null {
  const [address, bits, ...rest] = entry.split('/');
  const family = net.isIP(address ?? '');
  if (family === 0 || rest.length > 0) return `"${entry}" is not an IP address or a CIDR block (e.g. 10.0.0.5 or 10.0.0.0/24)`;
  if (bits === undefined) return null;
  const n = Number(bits);
  const max = family === 4 ? 32 : 128;
  return /^\d+$/.test(bits) && n <= max ? null : `"${entry}": the prefix length must be 0–${max}`;
}

/** The proxies of a checked list (config.ts refuses entries with a proxyEntryProblem). */
export function trustedProxies(entries: readonly string[]): TrustedProxies {
  if (entries.length === 0) return NO_PROXIES;
  const list = new net.BlockList();
  for (const entry of entries) {
    const [address, bits] = entry.split('/') as [string, string | undefined];
    const type = net.isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(bits), type);
  }
  return {
    has(address) {
      const plain = unmapped(address);
      const family = net.isIP(plain);
      return family !== 0 && list.check(plain, family === 6 ? 'ipv6' : 'ipv4');
    },
  };
}

/**
 * The client's address: the TCP peer, unless the peer is a trusted proxy; then the last entry of
 * `X-Forwarded-For` that is not a trusted proxy itself (nginx's `$proxy_add_x_forwarded_for`
 * appends the address it saw to whatever the client sent: entries left of it are the client's
 * word, and anyone can write them). A trusted peer that sends no usable header is the client.
 */
export function clientIp(incoming: IncomingMessage | undefined, proxies: TrustedProxies = NO_PROXIES): string {
  const peer = incoming?.socket.remoteAddress;
  if (!peer) return 'unknown';
  if (!proxies.has(peer)) return unmapped(peer);
  const header = incoming.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = unmapped(hops[i]!);
    // Not an address (a forged "unknown", garbage): nothing right of it can be believed either.
    if (net.isIP(hop) === 0) return unmapped(peer);
    if (!proxies.has(hop)) return hop;
  }
  return unmapped(peer);
}

/** "::ffff:127.0.0.1" (an IPv4 client of a dual-stack socket) → "127.0.0.1", so one client is one key. */
function unmapped(address: string): string {
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(address) ? address.slice(7) : address;
}
