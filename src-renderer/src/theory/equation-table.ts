/**
 * The Theory gallery's equations as KaTeX's HTML and MathML, keyed by their TeX: typeset at build time
 * (scripts/gallery-equations.ts, a vite plugin) and shipped gzip-compressed, inflated here once when
 * the page loads (the browser's DecompressionStream; under a millisecond). The page carries KaTeX's CSS
 * and fonts but none of its JavaScript. Should inflating fail, the table is empty and each equation
 * shows its TeX source.
 */
import { EQUATIONS_GZIP_BASE64 } from 'virtual:gallery-equations';

/** The JSON text compressed in `base64` (gzip). */
async function inflate(base64: string): Promise<string> {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Response(stream).text();
}

async function load(): Promise<Readonly<Record<string, string>>> {
  try {
    return JSON.parse(await inflate(EQUATIONS_GZIP_BASE64)) as Record<string, string>;
  } catch {
    return {};
  }
}

/** TeX → KaTeX's markup (display mode) for every gallery equation. */
export const EQUATION_HTML: Readonly<Record<string, string>> = await load();
