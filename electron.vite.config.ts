import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { galleryEquations } from './scripts/gallery-equations';
import { threeGlslTrim } from './scripts/three-glsl-trim';
import { TFJS_PACKAGES } from './vite.cli.config';

// Three bundles: the Electron main process, the sandboxed preload, and the Svelte renderer (the same one
// `sgd-lab serve` sends to a browser). The worker threads the main process starts (run, sweep and
// compiled-engine threads) are the command line's bundles in out/cli (vite.cli.config.ts), which
// `npm run build` makes after this.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // node_modules stay external: TensorFlow.js (and the optional tfjs-node-gpu, imported dynamically
      // by the engine), the wasm backend with its .wasm files, ws and zod load from node_modules.
      externalizeDeps: true,
      rollupOptions: {
        input: { index: resolve('src-main/electron/main.ts') },
        external: [TFJS_PACKAGES],
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload can require nothing but electron: bundle everything into one CommonJS file.
      externalizeDeps: false,
      isolatedEntries: true,
      rollupOptions: {
        input: { index: resolve('src-main/electron/preload.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src-renderer',
    plugins: [svelte(), galleryEquations(), threeGlslTrim()],
    define: { __SGD_LAB_E2E__: 'false' },
    build: {
      outDir: 'out/renderer',
      rollupOptions: { input: resolve('src-renderer/index.html') },
    },
  },
});
