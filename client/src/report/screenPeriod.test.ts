import { describe, expect, it } from 'vitest';
import { fetchScreenPeriod } from './screenPeriod.ts';

const answer = (status: number, body: unknown) => (async () => new Response(JSON.stringify(body), { status })) as unknown as typeof fetch;

describe('the screen’s period for a report', () => {
  it('is the admin’s setting, asked with the staff token', async () => {
    let asked: RequestInit | undefined;
    const fetchImpl = (async (_url: string, init?: RequestInit) => {
      asked = init;
      return new Response(JSON.stringify({ setting: { year: 2025, thisMonth: false }, changed: null }));
    }) as unknown as typeof fetch;
    expect(await fetchScreenPeriod('tok', fetchImpl)).toEqual({ year: 2025, thisMonth: false });
    expect(asked?.headers).toEqual({ Authorization: 'Bearer tok' });
  });

  it('is unknown (null) when the server cannot say: the report then takes the screen’s default', async () => {
    expect(await fetchScreenPeriod('tok', answer(404, { error: 'no such endpoint' }))).toBeNull();
    expect(await fetchScreenPeriod('tok', answer(200, { setting: { year: 'x' } }))).toBeNull();
    const offline = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    expect(await fetchScreenPeriod('tok', offline)).toBeNull();
  });
});
