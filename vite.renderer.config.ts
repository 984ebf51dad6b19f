import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The renderer alone, for browser mode (`sgd-lab serve`): the same output folder as electron-vite's.
// `--mode e2e` (the end-to-end tests' build) adds the read-only test hook; no other build has it.
export default defineConfig(({ mode }) => ({
  root: resolve('src-renderer'),
  base: './',
  plugins: [svelte()],
  define: { __SGD_LAB_E2E__: JSON.stringify(mode === 'e2e') },
  // three.js, zod and the formula parser make one ~1 MB bundle, loaded once from disk: no need to split.
  build: { outDir: resolve('out/renderer'), emptyOutDir: true, chunkSizeWarningLimit: 2000 },
}));
