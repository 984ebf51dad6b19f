/**
 * Chooses and initializes the TensorFlow.js backend: `tensorflow-gpu` (tfjs-node-gpu), `tensorflow`
 * (tfjs-node), `wasm`, then `cpu`. The optional packages are imported dynamically inside try/catch, so
 * nothing requires them. `SGD_LAB_BACKEND` or an explicit name forces one; a forced backend that fails
 * to load is an error, not a silent fallback.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { BackendName, Tf } from './api';

export const BACKEND_ORDER: readonly BackendName[] = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'];

export function isBackendName(name: string): name is BackendName {
  return (BACKEND_ORDER as readonly string[]).includes(name);
}

let tfPromise: Promise<Tf> | undefined;
function loadTf(): Promise<Tf> {
  tfPromise ??= import('@tensorflow/tfjs').then((m) => {
    const tf = ((m as { default?: Tf }).default ?? m) as Tf;
    // Production mode: no "install tfjs-node" banner on the console, no debug checks.
    tf.enableProdMode();
    return tf;
  });
  return tfPromise;
}

/** A dynamic import whose specifier the bundler and the type checker do not resolve. */
const optionalImport = (name: string): Promise<unknown> => import(/* @vite-ignore */ name);

async function tryBackend(tf: Tf, name: BackendName): Promise<void> {
  switch (name) {
    case 'tensorflow-gpu':
      await optionalImport('@tensorflow/tfjs-node-gpu');
      break;
    case 'tensorflow':
      await optionalImport('@tensorflow/tfjs-node');
      break;
    case 'wasm': {
      const wasm = (await optionalImport('@tensorflow/tfjs-backend-wasm')) as {
        setWasmPaths: (prefix: string) => void;
      };
      const require = createRequire(import.meta.url);
      const main = require.resolve('@tensorflow/tfjs-backend-wasm');
      // The package's main file lives in dist/ (dist/tf-backend-wasm.node.js), beside the .wasm files.
      wasm.setWasmPaths(path.dirname(main) + path.sep);
      break;
    }
    case 'cpu':
      break;
  }
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`backend ${name} did not initialize`);
  await tf.ready();
  if (tf.getBackend() !== name) throw new Error(`backend ${name} is not active (got ${tf.getBackend()})`);
}

/**
 * Loads TensorFlow.js on the preferred backend (`auto` or undefined: the first that works in
 * `BACKEND_ORDER`, unless `SGD_LAB_BACKEND` names one).
 */
export async function initBackend(preferred?: BackendName | 'auto'): Promise<{ tf: Tf; backend: BackendName }> {
  const tf = await loadTf();
  const forced = preferred && preferred !== 'auto' ? preferred : process.env.SGD_LAB_BACKEND || undefined;
  if (forced !== undefined && forced !== 'auto') {
    if (!isBackendName(forced))
      throw new Error(`unknown backend ${forced}: choose one of ${BACKEND_ORDER.join(', ')} or auto`);
    if (tf.getBackend() === forced) return { tf, backend: forced };
    try {
      await tryBackend(tf, forced);
    } catch (error) {
      throw new Error(`backend ${forced} is not available: ${error instanceof Error ? error.message : String(error)}`);
    }
    return { tf, backend: forced };
  }
  const current = tf.getBackend() as string | undefined;
  for (const name of BACKEND_ORDER) {
    if (current === name) return { tf, backend: name };
    try {
      await tryBackend(tf, name);
      return { tf, backend: name };
    } catch {
      // try the next one
    }
  }
  throw new Error('no TensorFlow.js backend could be initialized');
}
