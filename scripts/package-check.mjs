#!/usr/bin/env node
// `npm run package:check`: packaging verified without Electron's binary (offline). electron-builder packs
// the app (electron-builder.json, afterPack hook and all) around a stand-in Electron distribution whose
// "binary" holds only Electron 42's fuse wire; then the packed binary's fuses and app.asar are checked.
// Needs the build in out/ (`npm run build`: electron-vite's and the worker bundles in out/cli); takes a few minutes.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { getCurrentFuseWire, FuseV1Options } = require('@electron/fuses');

/** The files of an ASAR archive (path → its bytes' offset and size), from the JSON header it starts with. */
function readAsar(file) {
  const bytes = readFileSync(file);
  const headerSize = bytes.readUInt32LE(4);
  const header = JSON.parse(bytes.subarray(16, 16 + bytes.readInt32LE(12)).toString('utf8'));
  const files = new Map();
  const walk = (node, path) => {
    for (const [name, entry] of Object.entries(node.files ?? {}))
      if (entry.files) walk(entry, `${path}/${name}`);
      else files.set(`${path}/${name}`, entry);
  };
  walk(header, '');
  const read = (path) => {
    const entry = files.get(path);
    const start = 8 + headerSize + Number(entry.offset);
    return bytes.subarray(start, start + entry.size);
  };
  return { files, read };
}

/** Electron's fuse sentinel, then wire version 1 and 9 fuses as '0'/'1' (Electron 42's defaults). */
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const DEFAULT_WIRE = '101001001';

if (!existsSync(join(root, 'out', 'main', 'index.js')) || !existsSync(join(root, 'out', 'cli', 'worker.js'))) {
  console.error('package:check: out/main/index.js or out/cli/worker.js is missing; run `npm run build` first');
  process.exit(1);
}
const work = mkdtempSync(join(tmpdir(), 'sgd-package-check-'));
try {
  const dist = join(work, 'electron-dist');
  mkdirSync(join(dist, 'resources'), { recursive: true });
  const filler = Buffer.alloc(4096, 7);
  writeFileSync(
    join(dist, 'electron'),
    Buffer.concat([filler, Buffer.from(SENTINEL), Buffer.from([1, 9]), Buffer.from(DEFAULT_WIRE), filler]),
  );
  chmodSync(join(dist, 'electron'), 0o755);
  for (const file of ['LICENSE', 'LICENSES.chromium.html']) writeFileSync(join(dist, file), '');
  const electron = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).devDependencies.electron;
  writeFileSync(join(dist, 'version'), `v${electron}`);

  const output = join(work, 'dist');
  const builder = spawnSync(
    process.execPath,
    [
      require.resolve('electron-builder/cli.js'),
      '--linux',
      'dir',
      '--publish',
      'never',
      `-c.electronDist=${dist}`,
      `-c.electronVersion=${electron}`,
      `-c.directories.output=${output}`,
    ],
    { cwd: root, stdio: 'inherit' },
  );
  if (builder.status !== 0) throw new Error(`electron-builder exited with ${builder.status}`);

  const app = join(output, 'linux-unpacked');
  const wire = await getCurrentFuseWire(join(app, 'sgd-lab'));
  const want = {
    RunAsNode: 0,
    EnableCookieEncryption: 1,
    EnableNodeOptionsEnvironmentVariable: 0,
    EnableNodeCliInspectArguments: 0,
    EnableEmbeddedAsarIntegrityValidation: 1,
    OnlyLoadAppFromAsar: 1,
    GrantFileProtocolExtraPrivileges: 0,
  };
  const problems = [];
  for (const [name, on] of Object.entries(want)) {
    const got = wire[FuseV1Options[name]];
    if (got !== (on ? 49 : 48)) problems.push(`fuse ${name} is ${String.fromCharCode(got)}, wanted ${on}`);
  }
  const { files, read } = readAsar(join(app, 'resources', 'app.asar'));
  const main = JSON.parse(read('/package.json').toString('utf8')).main;
  for (const file of [
    `/${main}`,
    '/out/cli/worker.js',
    '/out/cli/sweep-worker.js',
    '/out/cli/compiled-thread.js',
    '/out/preload/index.cjs',
    '/out/renderer/index.html',
    '/resources/default.lab.json',
  ])
    if (!files.has(file)) problems.push(`app.asar lacks ${file}`);
  if ([...files.keys()].some((f) => f.startsWith('/src-') || f.startsWith('/test/')))
    problems.push('app.asar holds sources or tests');
  for (const problem of problems) console.error(`package:check: ${problem}`);
  if (problems.length > 0) process.exit(1);
  console.log(
    `package:check: packed app ok (fuses ${Object.keys(want).length}/7 as set, ${files.size} entries in app.asar)`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
