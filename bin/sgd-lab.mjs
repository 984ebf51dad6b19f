#!/usr/bin/env node
// The `sgd-lab` command: the command line's bundle (out/cli/main.js, made by `npm run build:cli`; the
// published package ships it built) under plain Node, with no TypeScript loader and no build tools.
import { existsSync } from 'node:fs';

const bundle = new URL('../out/cli/main.js', import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write(
    'sgd-lab: the command is not built (out/cli/main.js is missing). In a checkout of SGD Lab, run ' +
      '`npm install` and `npm run build:cli`; an installed package ships it built, so reinstall the package.\n',
  );
  process.exit(1);
}
const { main } = await import(bundle.href);
process.exitCode = await main(process.argv.slice(2));
