/** Security headers of every response of the lab server. */
import type { ServerResponse } from 'node:http';

/** The lab's Content-Security-Policy: its own scripts only, and (in a browser) its own WebSocket at `host`. */
export function contentSecurityPolicy(host?: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    // Svelte sets style attributes; no script can come in through them.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "media-src 'self' blob:",
    "object-src 'none'",
    host ? `connect-src 'self' ws://${host}` : "connect-src 'self'",
    "worker-src 'self' blob:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function setSecurityHeaders(res: ServerResponse, host: string): void {
  res.setHeader('Content-Security-Policy', contentSecurityPolicy(host));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

/**
 * The page with its `<meta http-equiv="Content-Security-Policy">` (if it has one) set to `csp`, so the
 * policy in the page and the one in the header are the same (two policies would both apply).
 */
export function withCspMeta(html: string, csp: string): string {
  return html.replace(
    /(<meta\s+http-equiv=["']Content-Security-Policy["']\s+content=)("[^"]*"|'[^']*')/i,
    (_m, head: string) => `${head}"${csp.replace(/"/g, '&quot;')}"`,
  );
}
