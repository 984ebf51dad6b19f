import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// Three bundles: the Electron main process (with the lab host's run and sweep workers as entries), the
// sandboxed preload, and the Svelte renderer (the same one `sgd-lab serve` sends to a browser).
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // node_modules stay external: TensorFlow.js (and the optional tfjs-node-gpu, imported dynamically
      // by the engine), the wasm backend with its .wasm files, ws and zod load from node_modules.
      externalizeDeps: true,
      rollupOptions: {
        input: {
          index: resolve('src-main/electron/main.ts'),
          worker: resolve('src-main/host/worker.ts'),
          'sweep-worker': resolve('src-main/host/sweep-worker.ts'),
          'compiled-thread': resolve('src-main/engine/compiled/thread.ts'),
        },
        external: [/^@tensorflow\//],
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
    plugins: [svelte()],
    define: { __SGD_LAB_E2E__: 'false' },
    build: {
      outDir: 'out/renderer',
      rollupOptions: { input: resolve('src-renderer/index.html') },
    },
  },
});
