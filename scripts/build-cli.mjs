#!/usr/bin/env node
// `npm run build:cli`: bundles the command line and its worker threads into out/cli
// (vite.cli.config.ts), when the sources changed since the last build (`--force`: always). The tests
// run it first (test/setup/build-cli.ts), so they never start a stale bundle.
//
// Safe while other processes run from out/cli or build at the same time: one build at a time (a lock
// folder; a waiting build re-checks whether the sources still need it), the new files are written in a
// temporary folder and renamed in, the shared chunks (content-hashed names) before the entries, and a
// chunk the new build does not use is removed only once it is an hour old.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(root, 'out', 'cli');
const STAMP = join(OUT, 'sources.sha256');
const LOCK = join(root, 'out', '.cli-build.lock');
/** What the bundle is made of: its sources, its configuration and the bundled packages' versions. */
const INPUTS = ['src-main', 'shared', 'vite.cli.config.ts', 'package.json', 'package-lock.json'];
/** The bundle's entries (vite.cli.config.ts), renamed in last. */
const ENTRIES = new Set([
  'main.js',
  'worker.js',
  'sweep-worker.js',
  'compiled-thread.js',
  'model-thread.js',
  'grid-thread.js',
  'theory-worker.js',
]);
const STALE_CHUNK_MS = 60 * 60 * 1000;
const LOCK_STALE_MS = 5 * 60 * 1000;

function* files(path) {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return;
  }
  if (!stat.isDirectory()) yield path;
  else for (const name of readdirSync(path).sort()) yield* files(join(path, name));
}

/** SHA-256 over the inputs' paths and bytes. */
export function sourcesHash() {
  const hash = createHash('sha256');
  for (const input of INPUTS)
    for (const file of files(join(root, input))) {
      hash.update(`${relative(root, file)}\0`);
      hash.update(readFileSync(file));
    }
  return hash.digest('hex');
}

function builtHash() {
  try {
    return readFileSync(STAMP, 'utf8').trim();
  } catch {
    return null;
  }
}

/** Resolves once this process holds the build lock (a lock left by a dead build is taken after 5 minutes). */
async function lock() {
  mkdirSync(dirname(LOCK), { recursive: true });
  for (;;) {
    try {
      mkdirSync(LOCK);
      return;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    try {
      if (Date.now() - statSync(LOCK).mtimeMs > LOCK_STALE_MS) rmSync(LOCK, { recursive: true, force: true });
    } catch {
      // released meanwhile
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function bundle(hash) {
  const tmp = join(root, 'out', `.cli-build-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  try {
    const { build } = await import('vite');
    await build({ configFile: join(root, 'vite.cli.config.ts'), build: { outDir: tmp, emptyOutDir: true } });
    const made = readdirSync(tmp);
    mkdirSync(OUT, { recursive: true });
    for (const name of made.filter((n) => !ENTRIES.has(n))) renameSync(join(tmp, name), join(OUT, name));
    for (const name of made.filter((n) => ENTRIES.has(n))) renameSync(join(tmp, name), join(OUT, name));
    writeFileSync(`${STAMP}.tmp`, `${hash}\n`);
    renameSync(`${STAMP}.tmp`, STAMP);
    const now = Date.now();
    for (const name of readdirSync(OUT))
      if (name.endsWith('.js') && !made.includes(name) && now - statSync(join(OUT, name)).mtimeMs > STALE_CHUNK_MS)
        rmSync(join(OUT, name), { force: true });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Builds out/cli unless it was built from the sources as they are now; returns whether it built. */
export async function buildCli({ force = false } = {}) {
  if (!force && builtHash() === sourcesHash()) return false;
  await lock();
  try {
    const hash = sourcesHash();
    if (!force && builtHash() === hash) return false;
    await bundle(hash);
    return true;
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = performance.now();
  const built = await buildCli({ force: process.argv.includes('--force') });
  console.log(
    built
      ? `out/cli built in ${((performance.now() - started) / 1000).toFixed(1)} s`
      : 'out/cli is up to date with the sources',
  );
}
