/** The Electron window's trusted page (src-main/electron/trusted-origin.ts): exact origins, dev server only in a dev build. */
import { describe, expect, it } from 'vitest';
import { devRendererUrl, isTrustedUrl } from '../../src-main/electron/trusted-origin';

describe('Electron: the trusted origin', () => {
  it('takes ELECTRON_RENDERER_URL only in an unpackaged dev build, and only a loopback http address', () => {
    expect(devRendererUrl('http://localhost:5173/', true, false)).toBe('http://localhost:5173/');
    expect(devRendererUrl('http://127.0.0.1:5173', false, false)).toBeUndefined();
    expect(devRendererUrl('http://127.0.0.1:5173', true, true)).toBeUndefined();
    for (const url of [
      'https://evil.example/',
      'http://evil.example:5173/',
      'file:///etc/',
      'http://u:p@localhost:1/',
      'nope',
    ])
      expect(devRendererUrl(url, true, false), url).toBeUndefined();
  });

  it('matches the lab page and the dev server by exact origin, never by prefix', () => {
    expect(isTrustedUrl('lab://app/index.html', undefined)).toBe(true);
    expect(isTrustedUrl('lab://app.evil/index.html', undefined)).toBe(false);
    expect(isTrustedUrl('lab://app@evil/index.html', undefined)).toBe(false);
    expect(isTrustedUrl('http://localhost:5173/', undefined)).toBe(false);
    const dev = 'http://localhost:5173/';
    expect(isTrustedUrl('http://localhost:5173/index.html', dev)).toBe(true);
    expect(isTrustedUrl('http://localhost:51730/', dev)).toBe(false);
    expect(isTrustedUrl('http://localhost:5173.evil.example/', dev)).toBe(false);
    expect(isTrustedUrl('not a url', dev)).toBe(false);
  });
});
