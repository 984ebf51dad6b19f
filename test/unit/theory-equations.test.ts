/**
 * The Theory gallery's equations typeset at build time (scripts/gallery-equations.ts, the vite plugin
 * behind `virtual:gallery-equations`): the module the page gets, inflated here, against KaTeX rendering
 * each gallery TeX string in this test with the options the page used at run time — the page shows
 * exactly what it showed when it carried KaTeX's JavaScript.
 */
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { equationsGzip, equationsModule, galleryTexs } from '../../scripts/gallery-equations';
import { GALLERY } from '../../shared/theory/gallery';

const GALLERY_FILE = fileURLToPath(new URL('../../shared/theory/gallery.ts', import.meta.url));

describe('the gallery equations typeset at build time', async () => {
  const texs = await galleryTexs(GALLERY_FILE);
  const gzip = equationsGzip(texs);
  const table = JSON.parse(gunzipSync(gzip).toString('utf8')) as Record<string, string>;

  it('reads every gallery equation from the gallery file', () => {
    expect(texs).toEqual(GALLERY.map((e) => e.equation));
    expect(Object.keys(table).sort()).toEqual([...new Set(texs)].sort());
  });

  it.each(GALLERY.map((e) => [e.id, e.equation]))('%s: KaTeX’s HTML and MathML of its TeX', (_id, tex) => {
    const reference = katex.renderToString(tex, { displayMode: true, throwOnError: false, output: 'htmlAndMathml' });
    expect(table[tex]).toBe(reference);
    // Typeset, not a TeX error in red; the MathML carries the source for screen readers.
    expect(reference).not.toContain('katex-error');
    expect(reference).toContain('<annotation encoding="application/x-tex">');
  });

  it('ships compressed, as a file of the build (the dev server inlines it in base64)', () => {
    const markup = Object.values(table).reduce((s, h) => s + h.length, 0);
    expect(markup).toBeGreaterThan(50_000);
    expect(gzip.length).toBeLessThan(markup / 5);
    expect(equationsModule(gzip, 'import.meta.ROLLUP_FILE_URL_abc')).toBe(
      'export const EQUATIONS_GZIP = { url: import.meta.ROLLUP_FILE_URL_abc };\n',
    );
    const inline = /^export const EQUATIONS_GZIP = \{ base64: "([A-Za-z0-9+/=]+)" \};\n$/.exec(equationsModule(gzip));
    expect(Buffer.from(inline?.[1] ?? '', 'base64')).toEqual(gzip);
  });
});
