/** Finds the built renderer (out/renderer) and builds it with vite when it is missing. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The repository root (two folders up from src-main/server, as from out/main). */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const RENDERER_DIR = join(ROOT, 'out', 'renderer');

/** Makes sure out/renderer/index.html exists; `say` tells the user when a build is needed. */
export async function ensureRenderer(say: (line: string) => void, dir = RENDERER_DIR): Promise<string> {
  if (existsSync(join(dir, 'index.html'))) return dir;
  say('The lab page is not built yet (out/renderer); building it once with vite…');
  const vite = await import('vite');
  await vite.build({
    configFile: join(ROOT, 'vite.renderer.config.ts'),
    root: join(ROOT, 'src-renderer'),
    logLevel: 'warn',
  });
  if (!existsSync(join(dir, 'index.html')))
    throw new Error('building the lab page did not produce out/renderer/index.html');
  return dir;
}
