#!/usr/bin/env node
// The `sgd-lab` command: runs the TypeScript sources directly under plain Node (through tsx), so the
// command line, the engine and the browser-mode server need no build step and no Electron.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src-main/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
