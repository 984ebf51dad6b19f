/**
 * TensorFlow.js as an optional plug-in: `@tensorflow/tfjs-core` and one package per backend
 * (`@tensorflow/tfjs-backend-cpu`, `@tensorflow/tfjs-backend-wasm`, and the CUDA path
 * `@tensorflow/tfjs-node-gpu` or `@tensorflow/tfjs-node`), all optional dependencies, each imported
 * only when a TensorFlow.js backend is asked for. The compiled and WebGPU backends never load them, and
 * an install without them runs everything else; asking for a TensorFlow.js backend there says which
 * package to install.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Tf, TfBackendName } from '../api';

/** The package each TensorFlow.js backend comes from (importing it registers the backend). */
export const TF_BACKEND_PACKAGE: Record<TfBackendName, string> = {
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
  tensorflow: '@tensorflow/tfjs-node',
  wasm: '@tensorflow/tfjs-backend-wasm',
  cpu: '@tensorflow/tfjs-backend-cpu',
};
const CORE = '@tensorflow/tfjs-core';

/** A dynamic import the bundler leaves to Node and the type checker does not resolve. */
const optionalImport = (name: string): Promise<unknown> => import(/* @vite-ignore */ name);

/** Whether `error` says that `name` itself is not installed (not that something inside it failed). */
function isMissing(error: unknown, name: string): boolean {
  const e = error as { code?: string; message?: string };
  return (
    (e?.code === 'ERR_MODULE_NOT_FOUND' || e?.code === 'MODULE_NOT_FOUND') &&
    typeof e.message === 'string' &&
    e.message.includes(`'${name}'`)
  );
}

/** Imports `name`, or throws a message that says how to install it. */
async function importPackage(name: string): Promise<unknown> {
  try {
    return await optionalImport(name);
  } catch (error) {
    if (isMissing(error, name)) throw new Error(`${name} is not installed (npm install ${name}@4.22.0)`);
    throw error;
  }
}

let core: Promise<Tf> | undefined;

/**
 * TensorFlow.js's core in production mode (no "install tfjs-node" banner, no debug checks) with its
 * gradients registered, loaded once. The gradients are core's ES modules, which Node cannot load from
 * that package: they are bundled into out/cli (vite.cli.config.ts), as TensorFlow.js's own custom
 * bundles do; they register into core's global registry.
 */
export function loadTfCore(): Promise<Tf> {
  core ??= importPackage(CORE).then(async (m) => {
    await import('@tensorflow/tfjs-core/dist/register_all_gradients');
    const tf = ((m as { default?: Tf }).default ?? m) as Tf;
    tf.enableProdMode();
    return tf;
  });
  return core;
}

/** Imports the package of backend `name`, which registers it with the core (the wasm one with its .wasm files' folder). */
export async function registerTfBackend(name: TfBackendName): Promise<void> {
  const mod = await importPackage(TF_BACKEND_PACKAGE[name]);
  if (name === 'wasm') {
    const main = createRequire(import.meta.url).resolve(TF_BACKEND_PACKAGE.wasm);
    // The package's main file lives in dist/ (dist/tf-backend-wasm.node.js), beside the .wasm files.
    (mod as { setWasmPaths: (prefix: string) => void }).setWasmPaths(path.dirname(main) + path.sep);
  }
}
