/**
 * The Theory gallery's equations as KaTeX's HTML and MathML, keyed by their TeX: typeset at build time
 * (scripts/gallery-equations.ts, a vite plugin) and shipped gzip-compressed as a file of the build,
 * fetched and inflated here once when the page loads (the browser's DecompressionStream; under a millisecond). The page carries KaTeX's CSS
 * and fonts but none of its JavaScript. Should inflating fail, the table is empty and each equation
 * shows its TeX source.
 */
import { EQUATIONS_GZIP } from 'virtual:gallery-equations';

/** The gzip's bytes: fetched from the build, or decoded from base64. */
async function gzipBytes(): Promise<Blob> {
  if ('url' in EQUATIONS_GZIP) {
    const response = await fetch(EQUATIONS_GZIP.url);
    if (!response.ok) throw new Error(`equations: ${response.status}`);
    return response.blob();
  }
  return new Blob([Uint8Array.from(atob(EQUATIONS_GZIP.base64), (c) => c.charCodeAt(0))]);
}

/** The JSON text compressed in the gzip. */
async function inflate(): Promise<string> {
  const stream = (await gzipBytes()).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Response(stream).text();
}

async function load(): Promise<Readonly<Record<string, string>>> {
  try {
    return JSON.parse(await inflate()) as Record<string, string>;
  } catch {
    return {};
  }
}

/** TeX → KaTeX's markup (display mode) for every gallery equation. */
export const EQUATION_HTML: Readonly<Record<string, string>> = await load();
