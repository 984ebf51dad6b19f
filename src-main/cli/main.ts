/**
 * `sgd-lab` — the command line (SPEC §10). Each subcommand returns its exit code; nothing here
 * prints a stack trace to a user.
 */
const USAGE = `usage:
  sgd-lab run FILE.lab.json --out DIR [--backend NAME] [--threads N] [--no-budget]
                                                         run an experiment, write DIR/recording.json and DIR/trace.csv
  sgd-lab serve [--port N] [--host ADDR] [--no-open] [--experiment FILE] [--backend NAME] [--no-budget]
                                                         serve the lab to a browser on 127.0.0.1 with an access token
  sgd-lab bench                                          print the engine's throughput
  sgd-lab analyze DIR/recording.json [--burn-in T] [--at x,y]   stationary analysis, writes DIR/analysis.json
  sgd-lab sweep FILE.sweep.json --out DIR [--shard K/N]  run a grid of experiments, writes DIR/sweep.csv
  sgd-lab merge DIR… --out DIR                           join a sweep's shards into one sweep.csv
  sgd-lab data FILE.lab.json --out DIR                   write a model's examples as DIR/train.csv and DIR/test.csv
  sgd-lab landscape DIR/recording.json [--plane pca|random|points] [--grid G] [--span S] [--seed N]
                                                         a model's loss over a plane through its paths, writes DIR/landscape.json`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'run':
        return await (await import('./run.ts')).runCommand(rest);
      case 'serve':
        return await (await import('./serve.ts')).serveCommand(rest);
      case 'bench':
        return await (await import('./bench.ts')).benchCommand(rest);
      case 'analyze':
        return await (await import('./analyze.ts')).analyzeCommand(rest);
      case 'sweep':
        return await (await import('./sweep.ts')).sweepCommand(rest);
      case 'merge':
        return await (await import('./merge.ts')).mergeCommand(rest);
      case 'data':
        return await (await import('./data.ts')).dataCommand(rest);
      case 'landscape':
        return await (await import('./landscape.ts')).landscapeCommand(rest);
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        process.stdout.write(`${USAGE}\n`);
        return command === undefined ? 2 : 0;
      default:
        process.stderr.write(`sgd-lab: unknown command ${command}\n${USAGE}\n`);
        return 2;
    }
  } catch (error) {
    process.stderr.write(`sgd-lab ${command}: ${error instanceof Error ? error.message : String(error)}\n`);
    if (process.env.SGD_LAB_DEBUG) console.error(error);
    return 1;
  }
}
