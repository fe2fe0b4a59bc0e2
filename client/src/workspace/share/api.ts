/**
 * GET /api/qr (server/http/qr.ts): a QR code of the public map's link or of a venue's, as a file
 * to save. Admins only; the server decides, and answers 404 for a venue not on the public map.
 */
export type QrTarget = { kind: 'public' } | { kind: 'venue'; id: string };
export type QrFormat = 'png' | 'svg';
export type QrFailure = 'unauthorized' | 'forbidden' | 'notFound' | 'network' | 'server';
export type QrResult = { ok: true; blob: Blob; fileName: string } | { ok: false; kind: QrFailure };

export function qrPath(target: QrTarget, format: QrFormat): string {
  const q = new URLSearchParams(target.kind === 'venue' ? { target: 'venue', id: target.id, format } : { target: 'public', format });
  return `/api/qr?${q}`;
}

/** The file name the server gives (RFC 5987's UTF-8 one first: venue names are Chinese). */
export function fileNameOf(disposition: string | null, fallback: string): string {
  const utf8 = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? '');
  if (utf8) {
    try {
      return decodeURIComponent(utf8[1]!.trim());
    } catch {
      // a malformed escape: the plain name below
    }
  }
  return /filename="([^"]+)"/i.exec(disposition ?? '')?.[1] ?? fallback;
}

export async function fetchQr(target: QrTarget, format: QrFormat, token: string | null, fetchImpl: typeof fetch = fetch): Promise<QrResult> {
  let res: Response;
  try {
    res = await fetchImpl(qrPath(target, format), { cache: 'no-store', headers: token ? { Authorization: `Bearer ${token}` } : {} });
  } catch {
    return { ok: false, kind: 'network' };
  }
  if (!res.ok) return { ok: false, kind: res.status === 401 ? 'unauthorized' : res.status === 403 ? 'forbidden' : res.status === 404 ? 'notFound' : 'server' };
  return { ok: true, blob: await res.blob(), fileName: fileNameOf(res.headers.get('content-disposition'), `qr.${format}`) };
}
