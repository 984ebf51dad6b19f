/**
 * Vitest's global setup (unit and end-to-end): before any test starts, the bundles the tests start are
 * made from the sources as they are now. `scripts/build-cli.mjs` rebuilds out/cli (the command
 * line, the run, sweep and compiled-engine workers) only when a source changed, so an edited file is
 * never tested through a stale bundle; the host tests' fake engine (test/unit/fake-engine.ts, type
 * imports only) is turned into plain JavaScript for the worker threads that load it.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '../..');
/** Where the fake engine's JavaScript goes (test/unit/lab-fixtures.ts points its `engineModule` here). */
export const FAKE_ENGINE_JS = path.join(ROOT, 'out', 'test', 'fake-engine.mjs');

function buildFakeEngine(): void {
  const source = readFileSync(path.join(ROOT, 'test', 'unit', 'fake-engine.ts'), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false },
  });
  mkdirSync(path.dirname(FAKE_ENGINE_JS), { recursive: true });
  const tmp = `${FAKE_ENGINE_JS}.${process.pid}.tmp`;
  writeFileSync(tmp, outputText);
  renameSync(tmp, FAKE_ENGINE_JS);
}

export default function setup(): void {
  // A child process: the build runs vite, which the tests' own process need not load.
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build-cli.mjs')], { cwd: ROOT, stdio: 'inherit' });
  buildFakeEngine();
}
