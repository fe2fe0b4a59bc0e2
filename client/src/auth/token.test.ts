import { describe, expect, it } from 'vitest';
import { dropToken, forgetToken, takeToken } from './token.ts';

function fakeEnv(href: string) {
  const store = new Map<string, string>();
  const replaced: string[] = [];
  return {
    replaced,
    store,
    env: {
      location: { href },
      history: { state: null, replaceState: (_s: unknown, _t: string, url?: string | URL | null) => void replaced.push(String(url)) },
      storage: {
        getItem: (k: string) => store.get(k) ?? null,
        setItem: (k: string, v: string) => void store.set(k, v),
        removeItem: (k: string) => void store.delete(k),
      },
    },
  };
}

describe('takeToken', () => {
  it('keeps the token from the URL and removes it from the address bar', () => {
    const f = fakeEnv('http://127.0.0.1:8787/?layer=venue&token=abc.def#x');
    expect(takeToken(f.env)).toBe('abc.def');
    expect(f.replaced).toEqual(['/?layer=venue#x']);
    expect([...f.store.values()]).toEqual(['abc.def']);
  });

  it('falls back to the token kept for this tab, without touching the URL', () => {
    const f = fakeEnv('http://127.0.0.1:8787/');
    f.store.set('sanrenxing.token', 'kept');
    expect(takeToken(f.env)).toBe('kept');
    expect(f.replaced).toEqual([]);
  });

  it('returns null when there is none, and forgets a refused token', () => {
    const f = fakeEnv('http://127.0.0.1:8787/?token=');
    expect(takeToken(f.env)).toBeNull();
    expect(f.replaced).toEqual(['/']);
    f.store.set('sanrenxing.token', 'x');
    forgetToken(f.env);
    expect(f.store.size).toBe(0);
  });

  it('ignores any token on the public link, without forgetting the tab’s own', () => {
    const f = fakeEnv('http://127.0.0.1:8787/public?token=pasted');
    f.store.set('sanrenxing.token', 'kept');
    expect(takeToken(f.env)).toBeNull();
    expect(f.replaced).toEqual(['/public']);
    expect([...f.store.values()]).toEqual(['kept']);
  });
});

describe('dropToken', () => {
  it('removes a token from the public link without keeping it', () => {
    const f = fakeEnv('http://127.0.0.1:8787/public?embed=1&token=abc.def');
    dropToken(f.env);
    expect(f.replaced).toEqual(['/public?embed=1']);
    expect(f.store.size).toBe(0);
    const clean = fakeEnv('http://127.0.0.1:8787/public?venue=v-1');
    dropToken(clean.env);
    expect(clean.replaced).toEqual([]);
  });
});
