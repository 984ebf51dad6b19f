/**
 * Opens the lab in the user's browser when there is a display; never fails (it just says it could
 * not). The address carries the access token, so it never goes on a command line (where `ps` shows
 * it to every user): the browser is pointed at a small page in a private temporary folder (0700,
 * the page 0600) that forwards to the address, removed again a minute later.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Whether a browser can be shown here (a display on Linux; always on macOS and Windows). */
export function hasDisplay(env: NodeJS.ProcessEnv = process.env): boolean {
  if (process.platform === 'darwin' || process.platform === 'win32') return true;
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

/** How long the forwarding page stays (a browser has long read it by then). */
const FORWARD_PAGE_MS = 60_000;

/** Writes the page that forwards to `url`; returns its path and how to remove it. */
export function forwardingPage(url: string): { file: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'sgd-lab-open-'));
  const file = join(dir, 'open-sgd-lab.html');
  const attr = url.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  writeFileSync(
    file,
    `<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${attr}"><title>SGD Lab</title><a href="${attr}">Open SGD Lab</a>\n`,
    { mode: 0o600 },
  );
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function openBrowser(url: string): boolean {
  if (!hasDisplay()) return false;
  let page: ReturnType<typeof forwardingPage>;
  try {
    page = forwardingPage(url);
  } catch {
    return false;
  }
  const target = pathToFileURL(page.file).href;
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [target]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', target]]
        : ['xdg-open', [target]];
  try {
    const child = spawn(command, args as string[], { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
    setTimeout(page.remove, FORWARD_PAGE_MS).unref();
    return true;
  } catch {
    page.remove();
    return false;
  }
}
