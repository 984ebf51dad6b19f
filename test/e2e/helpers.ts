/**
 * End-to-end plumbing: the real lab server (`sgd-lab serve`) in a child process, and Debian's
 * Chromium driven by playwright-core (never downloaded: a missing browser fails the tests).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '../..');
export const RESULTS = resolve(ROOT, 'test-results');
export const CHROMIUM = '/usr/bin/chromium';

export interface Server {
  url: string;
  process: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

export interface ServeOptions {
  /** After `serve --no-open`: where it listens and what it serves (default `--port 0`: any free port). */
  args?: string[];
  /** How long it may take to print its address. */
  timeoutMs?: number;
  /** What `stop` sends (SIGTERM, then SIGKILL after 5 s; SIGKILL: the lab dies at once). */
  signal?: 'SIGTERM' | 'SIGKILL';
}

/** Starts `sgd-lab serve --no-open ARGS…` (default `--port 0`) and waits for the `SGD_LAB_URL=` line. */
export function startServer({
  args = ['--port', '0'],
  timeoutMs = 120_000,
  signal = 'SIGTERM',
}: ServeOptions = {}): Promise<Server> {
  const child = spawn(process.execPath, ['bin/sgd-lab.mjs', 'serve', ...args, '--no-open'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, BROWSER: 'none' },
  });
  let log = '';
  const stop = () =>
    new Promise<void>((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once('exit', () => done());
      child.kill(signal);
      if (signal !== 'SIGKILL') setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    });
  return new Promise((resolveServer, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`sgd-lab serve printed no SGD_LAB_URL within ${timeoutMs} ms:\n${log}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      const match = /SGD_LAB_URL=(\S+)/.exec(log);
      if (match) {
        clearTimeout(timer);
        resolveServer({ url: match[1]!, process: child, output: () => log, stop });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`sgd-lab serve exited with ${code}:\n${log}`));
    });
  });
}

/**
 * Launches the system Chromium as it runs on a machine without a usable GPU: WebGL on SwiftShader,
 * the page composited in software (what Chromium falls back to there; compositing through
 * SwiftShader instead costs 40–300 ms of the GPU process for any moving pixel). Throws (fails the
 * test) when the browser is missing. `SGD_LAB_GPU_COMPOSITING=1` composites through SwiftShader.
 */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (tests never skip)`);
  mkdirSync(RESULTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...(process.env.SGD_LAB_GPU_COMPOSITING === '1' ? [] : ['--disable-gpu-compositing']),
    ],
  });
}

export interface CanvasPixels {
  width: number;
  height: number;
  /** RGB, row-major. */
  rgb: number[];
}

/**
 * The 3D canvas's pixels, downsampled, read in the page through a 2D canvas (the WebGL canvas keeps
 * its drawing buffer). Passed as a string: the page's DOM types are not the test's.
 */
export async function canvasPixels(page: Page, width = 240): Promise<CanvasPixels> {
  return page.evaluate(`(${canvasReader(width)})()`);
}

/**
 * The page-side source of a function that reads the 3D canvas downsampled to `width` pixels across:
 * `() => ({ width, height, rgb })` (for `page.evaluate`, alone or inside a probe that reads at a frame).
 */
export function canvasReader(width: number): string {
  return `() => {
    const gl = document.querySelector('[data-testid="lab-canvas"]');
    const w = ${width};
    const h = Math.max(1, Math.round((w * gl.height) / gl.width));
    const c = document.createElement('canvas');
    c.width = w;
    c.height = h;
    const ctx = c.getContext('2d');
    ctx.drawImage(gl, 0, 0, w, h);
    const data = ctx.getImageData(0, 0, w, h).data;
    const rgb = [];
    for (let i = 0; i < data.length; i += 4) rgb.push(data[i], data[i + 1], data[i + 2]);
    return { width: w, height: h, rgb };
  }`;
}

/** Distinct colors (quantized to 5 bits a channel) and the standard deviation of brightness. */
export function pixelStats(p: CanvasPixels): { distinct: number; std: number } {
  const seen = new Set<number>();
  let sum = 0;
  let sum2 = 0;
  const n = p.rgb.length / 3;
  for (let i = 0; i < p.rgb.length; i += 3) {
    const [r, g, b] = [p.rgb[i]!, p.rgb[i + 1]!, p.rgb[i + 2]!];
    seen.add(((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3));
    const y = 0.299 * r + 0.587 * g + 0.114 * b;
    sum += y;
    sum2 += y * y;
  }
  const mean = sum / n;
  return { distinct: seen.size, std: Math.sqrt(Math.max(0, sum2 / n - mean * mean)) };
}

/** How many pixels differ by more than `threshold` (sum over channels) between two reads. */
export function changedPixels(a: CanvasPixels, b: CanvasPixels, threshold = 40): number {
  let changed = 0;
  for (let i = 0; i < Math.min(a.rgb.length, b.rgb.length); i += 3) {
    const d =
      Math.abs(a.rgb[i]! - b.rgb[i]!) +
      Math.abs(a.rgb[i + 1]! - b.rgb[i + 1]!) +
      Math.abs(a.rgb[i + 2]! - b.rgb[i + 2]!);
    if (d > threshold) changed++;
  }
  return changed;
}

export interface Hook {
  frames: number;
  lastT: number[];
  lastLr: number[];
  particles: number[];
  /** Each run's chart data: first and last t, and how many points. */
  charts: { first: number; last: number; points: number }[];
  starts: number[][];
}

export function readHook(page: Page): Promise<Hook> {
  return page.evaluate(
    'JSON.parse(JSON.stringify(window.__sgdLab ?? { frames: 0, lastT: [], lastLr: [], particles: [], charts: [], starts: [] }))',
  );
}

/** An element's box on the page (Playwright's `boundingBox()`), CSS pixels. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Whether two boxes share any area. */
export const overlaps = (a: Box, b: Box): boolean =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
