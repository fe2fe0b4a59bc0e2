import { describe, expect, it } from 'vitest';
import { KeyedRateLimiter, TokenBucket } from './rate-limit.ts';

describe('token bucket', () => {
  it('allows a burst, then refills at its rate and says when to retry', () => {
    const b = new TokenBucket(3, 2, 0);
    expect([b.take(0), b.take(0), b.take(0)].every((t) => t.ok)).toBe(true);
    expect(b.take(0)).toEqual({ ok: false, retryAfterS: 1 });
    expect(b.take(500).ok).toBe(true); // 0.5 s × 2/s = one token
    expect(b.take(500).ok).toBe(false);
  });

  it('with no refill, retries are far away', () => {
    const b = new TokenBucket(1, 0, 0);
    b.take(0);
    expect(b.take(10_000)).toEqual({ ok: false, retryAfterS: 3600 });
  });
});

describe('keyed rate limiter', () => {
  it('keeps one bucket per key and forgets full ones', () => {
    let now = 0;
    const limiter = new KeyedRateLimiter(2, 1, 100, () => now);
    expect(limiter.take('a').ok).toBe(true);
    expect(limiter.take('a').ok).toBe(true);
    expect(limiter.take('a').ok).toBe(false);
    expect(limiter.take('b').ok).toBe(true);
    now = 60_000;
    limiter.take('c');
    expect(limiter.size).toBe(1); // a and b refilled and were dropped; c is new
  });

  it('refuses new keys beyond its bound instead of growing without limit', () => {
    const limiter = new KeyedRateLimiter(5, 1, 2, () => 0);
    expect(limiter.take('a').ok).toBe(true);
    expect(limiter.take('b').ok).toBe(true);
    expect(limiter.take('c').ok).toBe(false);
  });
});
