// The one static-path guard (browser-mode server and the desktop app's lab:// scheme): which file a
// URL path names under the renderer's folder, each answer written out by hand.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { staticFile } from '../../src-main/web/static-files';

const ROOT = join('/srv', 'out', 'renderer');

describe('staticFile', () => {
  it('maps paths inside the folder, / to index.html', () => {
    expect(staticFile(ROOT, '/')).toBe(join(ROOT, 'index.html'));
    expect(staticFile(ROOT, '/assets/index-1.js')).toBe(join(ROOT, 'assets', 'index-1.js'));
    expect(staticFile(ROOT, '//assets/a%20b.css')).toBe(join(ROOT, 'assets', 'a b.css'));
    expect(staticFile(ROOT, '/assets/../index.html')).toBe(join(ROOT, 'index.html'));
    expect(staticFile(`${ROOT}/`, '/index.html')).toBe(join(ROOT, 'index.html'));
  });

  it('refuses what climbs out, plainly or percent-encoded, and a sibling sharing the prefix', () => {
    for (const path of [
      '/../package.json',
      '/assets/../../main/index.js',
      '/%2e%2e/package.json',
      '/%2E%2E%2Fpackage.json',
      '/..%2f..%2fetc/passwd',
      '/../renderer-evil/x.js',
      '/..',
    ])
      expect(staticFile(ROOT, path), path).toBeUndefined();
  });

  it('refuses a NUL and what does not decode', () => {
    expect(staticFile(ROOT, '/index.html%00.png')).toBeUndefined();
    expect(staticFile(ROOT, '/%E0%A4%A')).toBeUndefined();
    expect(staticFile(ROOT, '/%')).toBeUndefined();
  });
});
