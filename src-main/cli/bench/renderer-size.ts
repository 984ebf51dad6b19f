/**
 * The renderer's JavaScript, measured from its build (out/renderer): every .js file the page may load
 * (its entry, lazy chunks and workers) and the part index.html loads at start. Issue #19's goal is on
 * the whole: at most 1.2 MB (10⁶ bytes). Printed by `npm run bench` and after `npm run build:web`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** Issue #19's goal for all of the renderer's JavaScript, in bytes. */
export const RENDERER_JS_GOAL = 1_200_000;

export interface RendererJs {
  /** Bytes of every .js file in the build. */
  total: number;
  /** Bytes of the .js files index.html loads at start (its module scripts and module preloads). */
  initial: number;
  files: number;
}

/** Measures the build in `dir` (a folder with index.html and assets/); null where it is not built. */
export function rendererJs(dir: string): RendererJs | null {
  if (!existsSync(path.join(dir, 'index.html'))) return null;
  const js: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(d, e.name));
      else if (e.name.endsWith('.js')) js.push(path.join(d, e.name));
    }
  };
  walk(dir);
  const size = (f: string) => statSync(f).size;
  const html = readFileSync(path.join(dir, 'index.html'), 'utf8');
  const eager = [...html.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)="\.?\/?([^"]+\.js)"/g)].map((m) => m[1]!);
  return {
    total: js.reduce((s, f) => s + size(f), 0),
    initial: eager.reduce((s, f) => s + (existsSync(path.join(dir, f)) ? size(path.join(dir, f)) : 0), 0),
    files: js.length,
  };
}

/** `renderer JS  X bytes (goal ≤ 1.2 MB; Y at start, N files)`, or how to build it. */
export function rendererJsLine(dir: string): string {
  const m = rendererJs(dir);
  if (!m) return 'renderer JS  not built (npm run build:web)';
  const ok = m.total <= RENDERER_JS_GOAL ? 'met' : 'NOT met';
  return (
    `renderer JS  ${m.total.toLocaleString('en-US')} bytes (goal ≤ 1.2 MB: ${ok}; ` +
    `${m.initial.toLocaleString('en-US')} at start, ${m.files} files)`
  );
}
