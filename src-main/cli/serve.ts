/**
 * `sgd-lab serve [--port N] [--host ADDR] [--no-open] [--experiment FILE] [--backend NAME] [--no-budget]`:
 * the lab in a browser. Listens on 127.0.0.1 (port 5178 by default, 0 for any free one) and prints the
 * address with its access token, plus a machine-readable `SGD_LAB_URL=…` line. Runs until
 * interrupted; no request, message or experiment ends it (an unexpected error is a log line).
 */
import { totalmem } from 'node:os';
import { machineBudget } from '../../shared/experiment/budget';
import { setDefaultBudget } from '../../shared/experiment/validate';
import { LabHost } from '../host/lab-host';
import { openReplayBackend } from '../host/replay-backend';
import { startLabServer } from '../server/lab-server';
import { hasDisplay, openBrowser } from '../server/open-browser';
import { stderrLog } from '../server/log';
import { ensureRenderer } from '../server/renderer-build';
import { BACKEND_NAMES, parseServeArgs, UsageError, type ServeOptions } from './args';

const USAGE = `usage: sgd-lab serve [--port N] [--host ADDR] [--no-open] [--experiment FILE.lab.json | --recording recording.json] [--backend ${BACKEND_NAMES}] [--no-budget]`;

/** The last line of defence: whatever escapes every handler is logged, and the lab keeps serving. */
function keepServing(): () => void {
  const onException = (error: unknown) => stderrLog('unexpected error', error);
  const onRejection = (reason: unknown) => stderrLog('unexpected rejection', reason);
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  return () => {
    process.off('uncaughtException', onException);
    process.off('unhandledRejection', onRejection);
  };
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

export async function serveCommand(args: string[]): Promise<number> {
  let options: ServeOptions;
  try {
    options = parseServeArgs(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`sgd-lab serve: ${error.message}\n${USAGE}\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  // Every experiment the lab loads (file, upload, edit) is checked against this machine's budget.
  setDefaultBudget(options.budget ? machineBudget(totalmem()) : false);
  const say = (line: string) => process.stdout.write(`${line}\n`);
  if (!LOOPBACK.has(options.host))
    process.stderr.write(
      `warning: serving on ${options.host}, not only this computer: anyone who can reach it and has the token can use the lab\n`,
    );
  const rendererDir = await ensureRenderer(say);
  const lab = new LabHost(options.backend ? { backend: options.backend } : {});
  // A file given on the command line must be valid before anything is served.
  if (options.experiment) {
    const loaded = await lab.loadFile(options.experiment);
    if (!loaded.ok) {
      process.stderr.write(`sgd-lab serve: ${loaded.error}\n`);
      await lab.close();
      return 2;
    }
  }
  // A recording is served as a replay in the live lab's place (the live host draws its surface).
  const replay = options.recording ? await openReplayBackend(options.recording, lab) : null;
  if (replay && !replay.ok) {
    process.stderr.write(`sgd-lab serve: ${replay.error}\n`);
    await lab.close();
    return 2;
  }
  const stopGuarding = keepServing();
  const backend = replay?.backend ?? lab;
  const server = await startLabServer({ lab: backend, rendererDir, host: options.host, port: options.port });
  say(`SGD Lab is running at ${server.url}`);
  say(`SGD_LAB_URL=${server.url}`);
  // The default experiment's engines start while the browser opens (the page shows them arrive).
  if (!options.experiment && !replay)
    void lab.start().then((r) => {
      if (!r.ok) process.stderr.write(`sgd-lab serve: the default experiment did not load: ${r.error}\n`);
    });
  if (options.open && hasDisplay()) {
    if (!openBrowser(server.url)) say('(could not open a browser; open the address above)');
  } else if (options.open) say('(no display here: open the address above in a browser)');
  say('Press Ctrl+C to stop.');
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  replay?.backend.close();
  await lab.close();
  stopGuarding();
  return 0;
}
