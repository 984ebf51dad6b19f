import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * TensorFlow.js's packages, loaded from node_modules when a TensorFlow.js backend is asked for; all but
 * core's gradients, which are ES modules Node cannot load from that package (src-main/engine/tfjs/plugin.ts).
 */
export const TFJS_PACKAGES = /^@tensorflow\/(?!tfjs-core\/dist\/register_all_gradients)/;

/** A path in the project, wherever the build is started from. */
const resolve = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The command line and its worker threads as plain JavaScript for Node (out/cli), so `sgd-lab` needs no
 * TypeScript loader at run time. Seven entries: the command (`main.js`, which bin/sgd-lab.mjs imports),
 * the host's run worker, the sweep worker, the compiled engine's thread, the landscape's grid
 * thread and the Theory figure worker; shared code goes into chunks beside them, in the same folder (src-main/files/bundle.ts finds the workers there from both
 * the sources and the bundles). The Electron main process starts the same workers.
 *
 * zod and ws are bundled (fewer files to resolve at start-up); TensorFlow.js and the optional native
 * or GPU packages stay in node_modules and are imported only when a backend asks for them.
 */
export default defineConfig({
  root: resolve('.'),
  publicDir: false,
  logLevel: 'warn',
  build: {
    ssr: true,
    target: 'node20',
    outDir: resolve('out/cli'),
    emptyOutDir: false,
    minify: false,
    sourcemap: false,
    reportCompressedSize: false,
    rollupOptions: {
      input: {
        main: resolve('src-main/cli/main.ts'),
        worker: resolve('src-main/host/worker.ts'),
        'sweep-worker': resolve('src-main/sweep/sweep-worker.ts'),
        'compiled-thread': resolve('src-main/engine/compiled/thread.ts'),
        'model-thread': resolve('src-main/engine/model/model-thread.ts'),
        'grid-thread': resolve('src-main/landscape/grid-thread.ts'),
        'theory-worker': resolve('src-main/host/theory-worker.ts'),
      },
      external: [TFJS_PACKAGES, 'webgpu', 'vite', /^@sveltejs\//, ...builtinModules, /^node:/],
      output: { format: 'esm', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
    },
  },
  ssr: { noExternal: ['zod', 'ws', '@tensorflow/tfjs-core'], target: 'node' },
});
