/** Finds the built renderer (out/renderer) and builds it with vite when it is missing. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (two folders up from src-main/server, as from out/main). */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const RENDERER_DIR = join(ROOT, 'out', 'renderer');

/**
 * Makes sure `dir`/index.html exists; `say` tells the user when a build is needed. The build is
 * vite.renderer.config.ts's, spelled out with absolute paths (that file resolves against the working folder).
 */
export async function ensureRenderer(say: (line: string) => void, dir = RENDERER_DIR): Promise<string> {
  if (existsSync(join(dir, 'index.html'))) return dir;
  say('The lab page is not built yet (out/renderer); building it once with vite…');
  const [vite, { svelte }] = await Promise.all([import('vite'), import('@sveltejs/vite-plugin-svelte')]);
  await vite.build({
    configFile: false,
    root: join(ROOT, 'src-renderer'),
    base: './',
    plugins: [svelte()],
    define: { __SGD_LAB_E2E__: 'false' },
    build: { outDir: dir, emptyOutDir: true },
    logLevel: 'warn',
  });
  if (!existsSync(join(dir, 'index.html'))) throw new Error(`building the lab page did not produce ${dir}/index.html`);
  return dir;
}
