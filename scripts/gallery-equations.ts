/**
 * A vite plugin that typesets the Theory gallery's equations at build time. The gallery's TeX strings
 * are constants (shared/theory/gallery-*.ts), so the page needs KaTeX's output, CSS and fonts, not its
 * ~260 kB of JavaScript. The module `virtual:gallery-equations` holds every gallery equation as KaTeX's
 * HTML and MathML (display mode, the options the page rendered with at run time), keyed by its TeX: the
 * JSON table (~100 kB of markup that repeats itself) gzip-compressed to an ~8 kB file of the build (data,
 * not part of the page's JavaScript), which src-renderer/src/theory/equation-table.ts fetches and
 * inflates when the page loads. Every build renders the
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

/** The gzip of the JSON { TeX: KaTeX's HTML and MathML } of every equation in `texs`. */
export function equationsGzip(texs: readonly string[]): Buffer {
  const table = Object.fromEntries(texs.map((tex) => [tex, katex.renderToString(tex, OPTIONS)]));
  return gzipSync(JSON.stringify(table), { level: 9 });
}

/**
 * The virtual module's code: `EQUATIONS_GZIP`, where the page finds that gzip — a file of the build
 * (`url`: data, not JavaScript, fetched once when the page loads), or under the dev server, in base64.
 */
export function equationsModule(gzip: Buffer, url?: string): string {
  const where = url ? `{ url: ${url} }` : `{ base64: ${JSON.stringify(gzip.toString('base64'))} }`;
  return `export const EQUATIONS_GZIP = ${where};\n`;
}

/** The plugin; the gallery is found from the renderer's root (src-renderer) as ../shared/theory/gallery.ts. */
export function galleryEquations(): Plugin {
  let galleryFile = '';
  let build = false;
  return {
    name: 'sgd-lab:gallery-equations',
    configResolved(config) {
      galleryFile = resolve(config.root, '../shared/theory/gallery.ts');
      build = config.command === 'build';
    },
    resolveId(id) {
      return id === EQUATIONS_MODULE ? RESOLVED : undefined;
    },
    async load(id) {
      if (id !== RESOLVED) return undefined;
      const gzip = equationsGzip(await galleryTexs(galleryFile));
      if (!build) return equationsModule(gzip);
      const ref = this.emitFile({ type: 'asset', name: 'gallery-equations.json.gz', source: gzip });
      return equationsModule(gzip, `import.meta.ROLLUP_FILE_URL_${ref}`);
    },
  };
}
