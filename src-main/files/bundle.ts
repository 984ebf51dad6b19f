/**
 * Where the worker threads' code is: the bundles in out/cli (vite.cli.config.ts, `npm run build:cli`;
 * the published package ships them built). This file sits two folders below the project root, as every
 * file of a bundle does (out/cli/*.js, out/main/index.js), so one relative path finds them from the
 * sources (the tests), from the command line's bundle and from the Electron main process alike.
 */

/** The bundled entries that run in a worker thread. */
export type BundledEntry =
  'worker' | 'sweep-worker' | 'compiled-thread' | 'model-thread' | 'grid-thread' | 'theory-worker';

/** The out/cli folder, as a file URL ending in `/`. */
export const CLI_BUNDLE_DIR = new URL('../../out/cli/', import.meta.url);

/** The file URL of a bundled worker entry (`out/cli/NAME.js`). */
export function bundledEntry(name: BundledEntry): URL {
  return new URL(`${name}.js`, CLI_BUNDLE_DIR);
}
