/**
 * Which page the window trusts (the IPC bridge answers only it): the lab's own `lab://app/` page, or,
 * in `npm run dev` only, electron-vite's dev server on this computer — matched by exact origin,
 * never by a string prefix. Pure: no Electron, so it is tested under plain Node.
 */

/** The dev server's address from `ELECTRON_RENDERER_URL`, when it may be used: a dev build, not packaged, loopback http. */
export function devRendererUrl(env: string | undefined, devBuild: boolean, packaged: boolean): string | undefined {
  if (!devBuild || packaged || env === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(env);
  } catch {
    return undefined;
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  return url.protocol === 'http:' && loopback && url.username === '' && url.password === '' ? url.href : undefined;
}

/** Whether `url` is a page of the lab: `lab://app/…`, or exactly the dev server's origin when there is one. */
export function isTrustedUrl(url: string, devUrl: string | undefined): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === 'lab:' && parsed.host === 'app' && parsed.username === '' && parsed.password === '')
    return true;
  return devUrl !== undefined && parsed.origin === new URL(devUrl).origin;
}
