/** Serves the built renderer (out/renderer) read-only: no listing, nothing outside its folder. */
import { readFile, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { withCspMeta } from './headers';

/** Content types of the files a built renderer holds. */
export const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.gz': 'application/gzip',
};

/**
 * The file under `root` that the URL path `pathname` names (`/` is index.html), or undefined when it
 * names none: not decodable, holding a NUL, or outside `root` once `..` and `%2e%2e` are resolved.
 * The one path guard of both the browser-mode server and the desktop app's lab:// scheme.
 */
export function staticFile(root: string, pathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const file = normalize(join(root, relative));
  return file.startsWith(root.endsWith(sep) ? root : root + sep) ? file : undefined;
}

/** Answers GET `pathname` from `root`; false when there is no such file (the caller sends 404). */
export async function serveStatic(
  root: string,
  pathname: string,
  res: ServerResponse,
  head: boolean,
): Promise<boolean> {
  const file = staticFile(root, pathname);
  if (file === undefined) return false;
  try {
    if (!(await stat(file)).isFile()) return false;
    let body = await readFile(file);
    const csp = res.getHeader('Content-Security-Policy');
    if (extname(file).toLowerCase() === '.html' && typeof csp === 'string')
      body = Buffer.from(withCspMeta(body.toString('utf8'), csp));
    res.statusCode = 200;
    res.setHeader('Content-Type', TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream');
    res.setHeader('Content-Length', body.length);
    res.setHeader('Cache-Control', 'no-store');
    res.end(head ? undefined : body);
    return true;
  } catch {
    return false;
  }
}
