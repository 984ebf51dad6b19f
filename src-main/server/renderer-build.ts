/**
 * Finds the built renderer (out/renderer). The published package ships it built (`prepack` builds it,
 * package.json `files` includes it), so `serve` never needs the dev tools. Only in a checkout with the
 * renderer's sources and the dev dependencies installed is a missing build made here, once, with vite;
 * anywhere else a missing build is an error that says how to make it.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (two folders up from src-main/server, as from out/main). */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const RENDERER_DIR = join(ROOT, 'out', 'renderer');

/** What to tell a user whose install has no built renderer (no server path: the package's own words). */
export const RENDERER_MISSING =
  'the lab page is not built (out/renderer/index.html is missing). In a checkout of SGD Lab, run ' +
  '`npm install` and `npm run build:web`; an installed package ships it built, so reinstall the package.';

/** Whether this is a development checkout that can build the renderer: its sources and vite are here. */
export function canBuildRenderer(root = ROOT): boolean {
  if (!existsSync(join(root, 'src-renderer', 'index.html'))) return false;
  try {
    // Resolving finds the package without loading it.
    createRequire(join(root, 'package.json')).resolve('vite');
    return true;
  } catch {
    return false;
  }
}

/**
 * Makes sure `dir`/index.html exists and returns `dir`; `say` tells the user when a build is needed.
 * The dev tools (vite, and through the config the Svelte plugin) are imported only when it is missing
 * and `canBuild` says this is a checkout; otherwise a missing build throws `RENDERER_MISSING`. The build
 * is vite.renderer.config.ts's (its paths resolve from its own folder), into `dir`.
 */
export async function ensureRenderer(
  say: (line: string) => void,
  dir = RENDERER_DIR,
  canBuild: () => boolean = canBuildRenderer,
): Promise<string> {
  if (existsSync(join(dir, 'index.html'))) return dir;
  if (!canBuild()) throw new Error(RENDERER_MISSING);
  say('The lab page is not built yet (out/renderer); building it once with vite…');
  const vite = await import('vite');
  await vite.build({
    configFile: join(ROOT, 'vite.renderer.config.ts'),
    build: { outDir: dir, emptyOutDir: true },
    logLevel: 'warn',
  });
  if (!existsSync(join(dir, 'index.html'))) throw new Error(`building the lab page did not produce ${dir}/index.html`);
  return dir;
}
