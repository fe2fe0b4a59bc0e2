/**
 * Token buckets: `burst` tokens, refilled at `ratePerS`. One bucket per key (a client IP for
 * logins). Full buckets are forgotten, so memory is bounded by the clients currently over
 * their refill, not by every IP ever seen; `maxKeys` caps it outright.
 */
export type Take = { ok: true } | { ok: false; retryAfterS: number };

export class TokenBucket {
  private tokens: number;
  private at: number;

  constructor(
    private readonly burst: number,
    private readonly ratePerS: number,
    now: number,
  ) {
    this.tokens = burst;
    this.at = now;
  }

  /** Refill to `now`; true when the bucket is full again (nothing to remember). */
  refill(now: number): boolean {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.at) / 1000) * this.ratePerS);
    this.at = now;
    return this.tokens >= this.burst;
  }

  /** Take `cost` tokens (e.g. bytes, for a byte budget), or none when fewer are left. */
  take(now: number, cost = 1): Take {
    this.refill(now);
    if (this.tokens >= cost) {
      this.tokens -= cost;
      return { ok: true };
    }
    const retryAfterS = this.ratePerS > 0 ? Math.ceil((cost - this.tokens) / this.ratePerS) : 3600;
    return { ok: false, retryAfterS };
  }
}

export class KeyedRateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();
  private lastSweep = 0;

  constructor(
    private readonly burst: number,
    private readonly ratePerS: number,
    private readonly maxKeys = 100_000,
    private readonly clock: () => number = Date.now,
  ) {}

  take(key: string): Take {
    const now = this.clock();
    this.sweep(now);
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.maxKeys) return { ok: false, retryAfterS: 1 };
      bucket = new TokenBucket(this.burst, this.ratePerS, now);
      this.buckets.set(key, bucket);
    }
    return bucket.take(now);
  }

  /** Number of keys currently remembered (for tests). */
  get size(): number {
    return this.buckets.size;
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < 10_000) return;
    this.lastSweep = now;
    for (const [key, bucket] of this.buckets) if (bucket.refill(now)) this.buckets.delete(key);
  }
}
