import { describe, expect, it } from 'vitest';
import { configFromEnv, parsePublicUrl } from './config.ts';

describe('PUBLIC_URL', () => {
  it('is an http(s) address, kept without a trailing slash (a path prefix too), or null when unset', () => {
    expect(configFromEnv({}).publicUrl).toBeNull();
    expect(parsePublicUrl('')).toBeNull();
    expect(parsePublicUrl('https://map.example.gov.cn/')).toBe('https://map.example.gov.cn');
    expect(parsePublicUrl(' https://www.example.gov.cn/sanrenxing/ ')).toBe('https://www.example.gov.cn/sanrenxing');
    expect(parsePublicUrl('http://10.0.0.5:8787')).toBe('http://10.0.0.5:8787');
    // A Chinese domain in the form a QR code and a chat app both read.
    expect(parsePublicUrl('https://地图.中国')).toBe('https://xn--wcs7d.xn--fiqs8s');
  });

  it('stops the server at start when it is not a plain web address', () => {
    for (const bad of ['map.example.gov.cn', 'ftp://map.example.gov.cn', 'https://map.example.gov.cn/?from=qr', 'https://map.example.gov.cn/#top', 'https://user:pw@map.example.gov.cn', 'javascript:alert(1)']) {
      expect(() => parsePublicUrl(bad), bad).toThrow(/PUBLIC_URL/);
    }
  });
});
