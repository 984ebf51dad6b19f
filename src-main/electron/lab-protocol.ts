/**
 * The `lab://app/` scheme: serves the built renderer to the window with the lab's CSP and nosniff
 * headers (file:// URLs could carry no headers), and nothing outside out/renderer.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { protocol } from 'electron';
import { contentSecurityPolicy, withCspMeta } from '../web/headers';
import { staticFile, TYPES } from '../web/static-files';

export const LAB_SCHEME = 'lab';
export const LAB_ORIGIN = 'lab://app';
export const LAB_URL = `${LAB_ORIGIN}/index.html`;

/** Must run before the app is ready. */
export function registerLabScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: LAB_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

export function serveLabScheme(root: string): void {
  protocol.handle(LAB_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file = staticFile(root, url.pathname);
    if (url.host !== 'app' || file === undefined) return new Response('Not found', { status: 404 });
    try {
      const csp = contentSecurityPolicy();
      const bytes = await readFile(file);
      // The page's own meta policy is made the header's, so one policy applies.
      const body = extname(file).toLowerCase() === '.html' ? withCspMeta(bytes.toString('utf8'), csp) : bytes;
      return new Response(body, {
        headers: {
          'Content-Type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
          'Content-Security-Policy': csp,
          'X-Content-Type-Options': 'nosniff',
        },
      });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}
