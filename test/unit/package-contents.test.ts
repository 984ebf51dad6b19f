/**
 * Issue 18, security 9, and issue 19 (no build tools at run time): the published package runs and
 * serves without its dev dependencies. `npm pack` (run on a copy of this checkout's tracked files with
 * stand-in builds, so the real out/ is left alone) lists the built renderer and the command line's
 * bundle (out/cli), never the TypeScript sources, and `prepack` builds both. `ensureRenderer` never imports vite when the build is there, and where it is
 * missing outside a checkout it says how to build it instead of importing dev tools.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ensureRenderer, RENDERER_MISSING } from '../../src-main/server/renderer-build';

const ROOT = path.resolve(__dirname, '../..');
/** vite.cli.config.ts's entries: the command and the three kinds of worker thread. */
const BUNDLE_ENTRIES = ['main.js', 'worker.js', 'sweep-worker.js', 'compiled-thread.js'];
const imported = vi.hoisted(() => ({ vite: 0 }));
vi.mock('vite', () => {
  imported.vite++;
  return { build: () => Promise.reject(new Error('vite must not be used here')) };
});
vi.mock('@sveltejs/vite-plugin-svelte', () => {
  imported.vite++;
  return { svelte: () => ({}) };
});

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'sgd-lab-pack-'));
  temps.push(dir);
  return dir;
}

describe('npm pack', () => {
  it('ships the built renderer and what serve runs, not the sources of the page or the tests', () => {
    const copy = tempDir();
    const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0');
    for (const file of tracked.filter(Boolean)) {
      try {
        cpSync(path.join(ROOT, file), path.join(copy, file));
      } catch {
        // a file deleted in the working tree but not yet committed
      }
    }
    // Stand-ins for `npm run build:web`'s and `npm run build:cli`'s output.
    mkdirSync(path.join(copy, 'out/renderer/assets'), { recursive: true });
    writeFileSync(path.join(copy, 'out/renderer/index.html'), '<!doctype html>');
    writeFileSync(path.join(copy, 'out/renderer/assets/index.js'), '');
    mkdirSync(path.join(copy, 'out/cli'), { recursive: true });
    for (const entry of BUNDLE_ENTRIES) writeFileSync(path.join(copy, 'out/cli', entry), '');
    const json = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: copy,
      encoding: 'utf8',
    });
    const files = new Set((JSON.parse(json) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path));
    for (const needed of [
      'out/renderer/index.html',
      'out/renderer/assets/index.js',
      'bin/sgd-lab.mjs',
      'package.json',
      ...BUNDLE_ENTRIES.map((entry) => `out/cli/${entry}`),
      'resources/default.lab.json',
    ])
      expect(files, needed).toContain(needed);
    for (const path of files) expect(path).not.toMatch(/^(test|src-renderer|src-main|shared|node_modules|scripts)\//);
  }, 120_000);

  it('builds the renderer and the command line before packing; tsx and mathjs are for development only', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
      dependencies: Record<string, string>;
      optionalDependencies: Record<string, string>;
    };
    expect(pkg.scripts.prepack).toBe('npm run build:web && npm run build:cli');
    expect(pkg.scripts['build:cli']).toBe('node scripts/build-cli.mjs');
    const shipped = Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies });
    for (const devOnly of ['tsx', 'mathjs', 'vite', 'typescript']) expect(shipped).not.toContain(devOnly);
    // bin/sgd-lab.mjs runs the bundle, with no loader for TypeScript.
    const bin = readFileSync(path.join(ROOT, 'bin/sgd-lab.mjs'), 'utf8');
    expect(bin).toMatch(/out\/cli\/main\.js/);
    expect(bin).not.toMatch(/tsx|\.ts'/);
    expect(pkg.scripts['build:web']).toMatch(/vite build --config vite\.renderer\.config\.ts/);
    // vite.renderer.config.ts writes to out/renderer, the folder `files` ships and serve reads.
    expect(readFileSync(path.join(ROOT, 'vite.renderer.config.ts'), 'utf8')).toMatch(
      /outDir: resolve\('out\/renderer'\)/,
    );
  });
});

describe('ensureRenderer', () => {
  it('uses a built renderer without importing vite', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html>');
    const said: string[] = [];
    expect(await ensureRenderer((l) => said.push(l), dir)).toBe(dir);
    expect(said).toEqual([]);
    expect(imported.vite).toBe(0);
  });

  it('outside a checkout, a missing build is a message saying how to build it, with no import of vite', async () => {
    const dir = path.join(tempDir(), 'renderer');
    await expect(
      ensureRenderer(
        () => undefined,
        dir,
        () => false,
      ),
    ).rejects.toThrow(RENDERER_MISSING);
    expect(RENDERER_MISSING).toMatch(/npm run build:web/);
    expect(imported.vite).toBe(0);
  });
});
