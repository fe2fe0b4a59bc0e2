import { describe, expect, it } from 'vitest';
import { originAllowed } from './websocket.ts';

describe('WebSocket origin check', () => {
  it('allows clients without an Origin (they carry tokens) and pages of this server', () => {
    expect(originAllowed(undefined, '127.0.0.1:8787', [])).toBe(true);
    expect(originAllowed('http://127.0.0.1:8787', '127.0.0.1:8787', [])).toBe(true);
    expect(originAllowed('https://map.example.org', 'map.example.org', [])).toBe(true); // TLS ends at a proxy
  });

  it('refuses other sites, opaque origins and garbage unless listed', () => {
    expect(originAllowed('http://evil.example', '127.0.0.1:8787', [])).toBe(false);
    expect(originAllowed('http://127.0.0.1:9999', '127.0.0.1:8787', [])).toBe(false);
    expect(originAllowed('null', '127.0.0.1:8787', [])).toBe(false);
    expect(originAllowed('not a url', undefined, [])).toBe(false);
    expect(originAllowed('http://localhost:5173', '127.0.0.1:8787', ['http://localhost:5173'])).toBe(true);
    expect(originAllowed('HTTP://LOCALHOST:5173', '127.0.0.1:8787', ['http://localhost:5173'])).toBe(true);
  });
});
