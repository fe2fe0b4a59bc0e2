import type { Context } from 'hono';

/**
 * The site's address for links that leave the page — the share card's absolute URLs, the printed
 * QR codes: PUBLIC_URL when set (what residents reach, e.g. behind a TLS proxy), else the
 * request's own origin (right when the server is reached directly).
 */
export function siteUrl(c: Context, publicUrl: string | null | undefined): string {
  return publicUrl ?? new URL(c.req.url).origin;
}
