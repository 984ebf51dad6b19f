/**
 * Who may talk to the lab server: a random access token (from the printed URL once, then an HttpOnly
 * SameSite=Strict cookie), a Host header naming the lab itself (against DNS rebinding) and, for the
 * WebSocket, an Origin that is the lab's own.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { networkInterfaces } from 'node:os';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function sameToken(given: string | undefined | null, token: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export class Guard {
  /** The cookie's name carries the port: cookies are shared across ports of one host. */
  readonly cookieName: string;
  private readonly hosts: Set<string>;

  constructor(
    readonly token: string,
    bindAddress: string,
    readonly port: number,
  ) {
    this.cookieName = `sgd_lab_${port}`;
    const names = new Set(['127.0.0.1', 'localhost', '[::1]', bindAddress]);
    // Bound to every interface (asked for with --host): each of this machine's addresses names the lab.
    if (bindAddress === '0.0.0.0' || bindAddress === '::')
      for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) names.add(a.address);
    for (const n of [...names]) if (n.includes(':') && !n.startsWith('[')) names.add(`[${n}]`);
    this.hosts = new Set([...names].map((n) => `${n}:${port}`.toLowerCase()));
  }

  /** Whether the Host header names this lab (loopback or the address it was told to bind). */
  hostAllowed(req: IncomingMessage): boolean {
    const host = req.headers.host?.toLowerCase();
    return host !== undefined && this.hosts.has(host);
  }

  /** Whether a WebSocket's Origin is the lab's own page (same host and port as the Host header). */
  originAllowed(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    return (
      origin !== undefined &&
      this.hostAllowed(req) &&
      origin.toLowerCase() === `http://${req.headers.host}`.toLowerCase()
    );
  }

  cookieToken(req: IncomingMessage): string | undefined {
    for (const part of (req.headers.cookie ?? '').split(';')) {
      const eq = part.indexOf('=');
      if (eq > 0 && part.slice(0, eq).trim() === this.cookieName) return part.slice(eq + 1).trim();
    }
    return undefined;
  }

  /** The cookie that stands for the token from now on. */
  setCookie(): string {
    return `${this.cookieName}=${this.token}; HttpOnly; SameSite=Strict; Path=/`;
  }

  authorized(req: IncomingMessage, url: URL): boolean {
    return sameToken(this.cookieToken(req), this.token) || sameToken(url.searchParams.get('token'), this.token);
  }
}
