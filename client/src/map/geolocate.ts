/**
 * The browser's position, once, for 我的位置 (public map) and 在我的位置新增 (staff toolbar).
 * Browsers give WGS-84 (the W3C Geolocation API's coordinates), the system everything is stored
 * in, so the point needs no conversion here; only a gcj02 basemap shifts it for display.
 */
export type Located = { ok: true; lngLat: [number, number]; accuracyM: number } | { ok: false; reason: LocateFailure };

/**
 * denied: the visitor (or the browser's settings) refused; unavailable: no fix or too slow;
 * unsupported: no Geolocation API, or a page over plain http (browsers allow it on https and
 * localhost only).
 */
export type LocateFailure = 'denied' | 'unavailable' | 'unsupported';

/** A phone indoors can take a while for a first fix; a position a minute old is good enough. */
const OPTIONS: PositionOptions = { enableHighAccuracy: true, timeout: 20_000, maximumAge: 60_000 };

export function locate(): Promise<Located> {
  if (typeof navigator === 'undefined' || !('geolocation' in navigator) || !window.isSecureContext) return Promise.resolve({ ok: false, reason: 'unsupported' });
  return new Promise((resolve) => {
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ ok: true, lngLat: [p.coords.longitude, p.coords.latitude], accuracyM: p.coords.accuracy }),
      (e) => resolve({ ok: false, reason: e.code === e.PERMISSION_DENIED ? 'denied' : 'unavailable' }),
      OPTIONS,
    );
  });
}
