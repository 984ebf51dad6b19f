import { dirname, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { galleryEquations } from './scripts/gallery-equations.ts';
import { threeGlslTrim } from './scripts/three-glsl-trim.ts';
import { rendererJsLine } from './src-main/cli/bench/renderer-size.ts';

/** Paths from this file's folder (the repository root), whatever the working folder. */
const resolve = (p: string) => resolvePath(dirname(fileURLToPath(import.meta.url)), p);

/** Prints the built page's JavaScript (src-main/cli/bench/renderer-size.ts) when a build ends. */
function reportJsSize(): Plugin {
  let outDir = '';
  return {
    name: 'sgd-lab:renderer-js-size',
    apply: 'build',
    configResolved: (config) => void (outDir = config.build.outDir),
    closeBundle: () => console.log(rendererJsLine(outDir)),
  };
}

// The renderer alone, for browser mode (`sgd-lab serve`): the same output folder as electron-vite's.
// `--mode e2e` (the end-to-end tests' build) adds the read-only test hook; no other build has it.
// The gallery's equations are typeset here (galleryEquations), so the page carries no KaTeX JavaScript;
// the build ends by printing the page's JavaScript against issue #19's goal (≤ 1.2 MB).
export default defineConfig(({ mode }) => ({
  root: resolve('src-renderer'),
  base: './',
  plugins: [svelte(), galleryEquations(), threeGlslTrim(), reportJsSize()],
  define: { __SGD_LAB_E2E__: JSON.stringify(mode === 'e2e') },
  // three.js (~600 kB of it the WebGL renderer and its shaders), zod and uPlot make one ~1.1 MB bundle,
  // loaded once from disk: no need to split.
  build: { outDir: resolve('out/renderer'), emptyOutDir: true, chunkSizeWarningLimit: 2000 },
}));
