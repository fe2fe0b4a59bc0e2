import { CloseCode } from '../../model/index.ts';

/**
 * Who may open a WebSocket, by numbers: a global cap on open sockets (the process's capacity)
 * and a per-IP cap on concurrent sockets. Anonymous visitors of the public map verify no token,
 * so they do not spend the per-IP login budget; these caps are their protection instead. The
 * per-IP cap is high on purpose: a campus, a carrier-grade NAT or a venue's Wi-Fi puts
 * thousands of honest visitors behind one address.
 *
 * It also keeps the edge's refusal counters that /api/health reports.
 */
export class Admission {
  private open = 0;
  private readonly perIp = new Map<string, number>();
  readonly stats = {
    /** Token verifications refused over the per-IP login budget (4429 on connect, 429 on /api/session). */
    loginRateLimited: 0,
    /** Sockets refused by a connection cap (1013 global, 4429 per IP). */
    overCapacity: 0,
    /** Sockets closed for a frame over MAX_MESSAGE_BYTES (1009). */
    tooBig: 0,
  };

  constructor(
    private readonly maxConnections: number,
    private readonly maxPerIp: number,
  ) {}

  /** Take a place for a new socket from `ip`; null when admitted, else the close to refuse it with. */
  enter(ip: string): [CloseCode, string] | null {
    if (this.open >= this.maxConnections) {
      this.stats.overCapacity++;
      return [CloseCode.tryAgainLater, `server busy: ${this.maxConnections} connections open, try again later`];
    }
    const n = this.perIp.get(ip) ?? 0;
    if (n >= this.maxPerIp) {
      this.stats.overCapacity++;
      return [CloseCode.tooManyRequests, `too many open connections from one address (${this.maxPerIp}): retry in ${PER_IP_RETRY_S} s`];
    }
    this.open++;
    this.perIp.set(ip, n + 1);
    return null;
  }

  /** An admitted socket closed. */
  leave(ip: string): void {
    this.open = Math.max(0, this.open - 1);
    const n = (this.perIp.get(ip) ?? 1) - 1;
    if (n <= 0) this.perIp.delete(ip);
    else this.perIp.set(ip, n);
  }

  /** Sockets admitted and still open (for tests). */
  get connections(): number {
    return this.open;
  }
}

/** What a client refused by the per-IP cap is told to wait: sockets of that address close meanwhile. */
export const PER_IP_RETRY_S = 10;
