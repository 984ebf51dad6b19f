/**
 * A vite plugin that typesets the Theory gallery's equations at build time. The gallery's TeX strings
 * are constants (shared/theory/gallery-*.ts), so the page needs KaTeX's output, CSS and fonts, not its
 * ~260 kB of JavaScript. The module `virtual:gallery-equations` holds every gallery equation as KaTeX's
 * HTML and MathML (display mode, the options the page rendered with at run time), keyed by its TeX: the
 * JSON table (~100 kB of markup that repeats itself) gzip-compressed (~8 kB of base64), which
 * src-renderer/src/theory/equation-table.ts inflates when the page loads. Every build renders the
 * gallery as it is, so an added or edited equation needs no extra step.
 */
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import katex from 'katex';
import { runnerImport, type Plugin } from 'vite';
import type { GalleryEntry } from '../shared/theory/gallery-entry';

export const EQUATIONS_MODULE = 'virtual:gallery-equations';
const RESOLVED = `\0${EQUATIONS_MODULE}`;

/** How each equation is typeset: display style, a TeX error shown in red rather than thrown. */
const OPTIONS = { displayMode: true, throwOnError: false, output: 'htmlAndMathml' } as const;

/** The gallery's equations (TeX), read from shared/theory/gallery.ts as the build sees it. */
export async function galleryTexs(galleryFile: string): Promise<string[]> {
  const { module } = await runnerImport<{ GALLERY: readonly GalleryEntry[] }>(galleryFile, {
    configFile: false,
    logLevel: 'warn',
  });
  return module.GALLERY.map((e) => e.equation);
}

/** The virtual module's code: `EQUATIONS_GZIP_BASE64`, the gzip of the JSON { TeX: markup }, in base64. */
export function equationsModule(texs: readonly string[]): string {
  const table = Object.fromEntries(texs.map((tex) => [tex, katex.renderToString(tex, OPTIONS)]));
  const gzip = gzipSync(JSON.stringify(table), { level: 9 }).toString('base64');
  return `export const EQUATIONS_GZIP_BASE64 = ${JSON.stringify(gzip)};\n`;
}

/** The plugin; the gallery is found from the renderer's root (src-renderer) as ../shared/theory/gallery.ts. */
export function galleryEquations(): Plugin {
  let galleryFile = '';
  return {
    name: 'sgd-lab:gallery-equations',
    configResolved(config) {
      galleryFile = resolve(config.root, '../shared/theory/gallery.ts');
    },
    resolveId(id) {
      return id === EQUATIONS_MODULE ? RESOLVED : undefined;
    },
    async load(id) {
      if (id !== RESOLVED) return undefined;
      return equationsModule(await galleryTexs(galleryFile));
    },
  };
}
