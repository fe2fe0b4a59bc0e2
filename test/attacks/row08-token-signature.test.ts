import { describe, expect, it } from 'vitest';
import { openRaw } from '../helpers/raw.ts';
import { serverPerFile, type TestServer } from '../helpers/server.ts';

/**
 * Row 8 of issue 11: `=` or `!!` appended to a token's signature was accepted, because Node's
 * base64url decoder skips characters outside its alphabet (and takes padding, the standard
 * alphabet, and ignores the last character's unused bits). Only the one canonical spelling of a
 * signed token verifies now, over HTTP and WebSocket alike.
 */

let srv: TestServer;
serverPerFile((s) => (srv = s));

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Spellings of the same signature that decode to the same 32 bytes. */
function respellings(token: string): Record<string, string> {
  const [p, body, sig] = token.split('.') as [string, string, string];
  const bent = ALPHABET[ALPHABET.indexOf(sig.at(-1)!) ^ 1]!;
  return {
    'padding =': `${p}.${body}.${sig}=`,
    'padding ==': `${p}.${body}.${sig}==`,
    'stray !!': `${p}.${body}.${sig}!!`,
    'stray ! inside': `${p}.${body}.${sig.slice(0, 21)}!${sig.slice(21)}`,
    'a trailing dot': `${p}.${body}.${sig}.`,
    'standard base64 alphabet': `${p}.${body}.${sig.replace(/-/g, '+').replace(/_/g, '/')}`,
    'unused low bits of the last character': `${p}.${body}.${sig.slice(0, -1)}${bent}`,
  };
}

/** A valid token whose signature has a - or _ (so the standard alphabet spells it differently). */
async function tokenWithUrlChars(): Promise<string> {
  for (;;) {
    const t = await srv.token('editor', 'suncun', { sub: 'row08' });
    if (/[-_]/.test(t.split('.')[2]!)) return t;
  }
}

describe('row 8: only the canonical base64url signature verifies', () => {
  it('GET /api/session answers 401 for every other spelling of a valid signature', async () => {
    const token = await tokenWithUrlChars();
    const ok = await fetch(`${srv.url}/api/session`, { headers: { authorization: `Bearer ${token}` } });
    expect(ok.status).toBe(200);
    const answers: Record<string, number> = {};
    for (const [what, bent] of Object.entries(respellings(token))) {
      const res = await fetch(`${srv.url}/api/session`, { headers: { authorization: `Bearer ${bent}` } });
      answers[what] = res.status;
      const body = (await res.json()) as { error?: string };
      if (res.status === 401) expect(body.error).toMatch(/^unauthorized: token (malformed|signature invalid)$/);
    }
    expect(answers).toEqual(Object.fromEntries(Object.keys(respellings(token)).map((k) => [k, 401])));
  });

  it('a WebSocket with any other spelling is closed with 4401 before it gets anything', async () => {
    const token = await tokenWithUrlChars();
    const closes: Record<string, number> = {};
    for (const [what, bent] of Object.entries(respellings(token))) {
      const raw = await openRaw(`${srv.wsUrl}/street:suncun?token=${encodeURIComponent(bent)}`);
      const closed = await raw.closed;
      closes[what] = closed.code;
      expect(raw.frames).toEqual([]);
      expect(closed.reason).toMatch(/^unauthorized: token (malformed|signature invalid)$/);
    }
    expect(closes).toEqual(Object.fromEntries(Object.keys(respellings(token)).map((k) => [k, 4401])));
  });
});
