/**
 * The renderer-size row (src-main/cli/bench/renderer-size.ts) on a stand-in build whose byte counts are
 * written here: every .js file counts toward the total, only what index.html loads toward the start.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rendererJs, rendererJsLine } from '../../src-main/cli/bench/renderer-size';

const dir = mkdtempSync(path.join(tmpdir(), 'sgd-lab-renderer-size-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the renderer JS row', () => {
  it('says how to build when there is no build', () => {
    expect(rendererJs(dir)).toBeNull();
    expect(rendererJsLine(dir)).toBe('renderer JS  not built (npm run build:web)');
  });

  it('sums every .js file, and what index.html loads at start', () => {
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(
      path.join(dir, 'index.html'),
      '<script type="module" crossorigin src="./assets/index-a.js"></script>\n' +
        '<link rel="modulepreload" crossorigin href="./assets/vendor-b.js">\n' +
        '<link rel="stylesheet" href="./assets/index-c.css">',
    );
    writeFileSync(path.join(dir, 'assets/index-a.js'), 'x'.repeat(1000));
    writeFileSync(path.join(dir, 'assets/vendor-b.js'), 'x'.repeat(200));
    writeFileSync(path.join(dir, 'assets/gif-worker-d.js'), 'x'.repeat(30));
    writeFileSync(path.join(dir, 'assets/index-c.css'), 'x'.repeat(5000));
    expect(rendererJs(dir)).toEqual({ total: 1230, initial: 1200, files: 3 });
    expect(rendererJsLine(dir)).toBe('renderer JS  1,230 bytes (goal ≤ 1.2 MB: met; 1,200 at start, 3 files)');
    writeFileSync(path.join(dir, 'assets/theory-e.js'), 'x'.repeat(1_200_000));
    expect(rendererJsLine(dir)).toMatch(/^renderer JS {2}1,201,230 bytes \(goal ≤ 1\.2 MB: NOT met;/);
  });
});
