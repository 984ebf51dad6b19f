#!/usr/bin/env node
// `npm start`: builds the app (electron-vite: main, preload, renderer; out/cli: the workers and the
// command line) and opens it in Electron.
// Where Electron cannot start (its binary was never downloaded, or there is no display), it says why
// in one line and serves the same lab to a browser instead (`sgd-lab serve`), printing its address.
// Extra arguments go to `sgd-lab serve` in that case (e.g. `npm start -- --port 0 --no-open`).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);

/** Whether the electron package has its binary (its index.js would otherwise try to download it, noisily). */
function hasElectronBinary(require) {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) return true;
  try {
    const dir = dirname(require.resolve('electron/package.json'));
    const pathFile = join(dir, 'path.txt');
    return existsSync(pathFile) && existsSync(join(dir, 'dist', readFileSync(pathFile, 'utf8').trim()));
  } catch {
    return false;
  }
}

/** The Electron binary's path, or why there is none. */
function findElectron() {
  const require = createRequire(import.meta.url);
  if (!hasElectronBinary(require))
    return { why: 'Electron is not available here (its binary could not be downloaded)' };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY)
    return { why: 'Electron needs a display and there is none here (neither DISPLAY nor WAYLAND_DISPLAY is set)' };
  try {
    const path = require('electron');
    return typeof path === 'string' ? { path } : { why: 'Electron is not available here' };
  } catch {
    return { why: 'Electron is not available here (its binary could not be loaded)' };
  }
}

function run(command, commandArgs) {
  return new Promise((resolve) => {
    const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit' });
    const forward = (signal) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('error', (error) => {
      console.error(`could not start ${command}: ${error.message}`);
      resolve(1);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 0 : 1)));
  });
}

try {
  const { build } = await import('electron-vite');
  await build({ configFile: join(root, 'electron.vite.config.ts'), logLevel: 'warn' });
  // The worker threads (Electron's and `sgd-lab serve`'s) and the command line: out/cli.
  const { buildCli } = await import('./build-cli.mjs');
  await buildCli();
} catch (error) {
  console.error(`The build failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

const electron = findElectron();
if (electron.path) {
  process.exitCode = await run(electron.path, [root]);
} else {
  console.log(`${electron.why}; opening the lab in your browser instead.`);
  process.exitCode = await run(process.execPath, [join(root, 'bin', 'sgd-lab.mjs'), 'serve', ...args]);
}
