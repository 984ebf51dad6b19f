/**
 * `sgd-lab serve [--port N] [--host ADDR] [--no-open] [--experiment FILE]`: the lab in a browser.
 * Listens on 127.0.0.1 (port 5178 by default, 0 for any free one) and prints the address with its
 * access token, plus a machine-readable `SGD_LAB_URL=…` line. Runs until interrupted.
 */
import { LabHost } from '../host/lab-host';
import { startLabServer } from '../server/lab-server';
import { hasDisplay, openBrowser } from '../server/open-browser';
import { ensureRenderer } from '../server/renderer-build';

interface ServeArgs {
  port: number;
  host: string;
  open: boolean;
  experiment?: string;
  backend?: string;
}

function parseArgs(args: string[]): ServeArgs {
  const out: ServeArgs = { port: 5178, host: '127.0.0.1', open: true };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = (): string => {
      const v = args[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--port') {
      out.port = Number(value());
      if (!Number.isInteger(out.port) || out.port < 0 || out.port > 65535) throw new Error('--port must be 0…65535');
    } else if (arg === '--host') out.host = value();
    else if (arg === '--no-open') out.open = false;
    else if (arg === '--open') out.open = true;
    else if (arg === '--experiment') out.experiment = value();
    else if (arg === '--backend') out.backend = value();
    else throw new Error(`unknown option ${arg}`);
  }
  return out;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

export async function serveCommand(args: string[]): Promise<number> {
  const options = parseArgs(args);
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
  const server = await startLabServer({ lab, rendererDir, host: options.host, port: options.port });
  say(`SGD Lab is running at ${server.url}`);
  say(`SGD_LAB_URL=${server.url}`);
  // The default experiment's engines start while the browser opens (the page shows them arrive).
  if (!options.experiment)
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
  await lab.close();
  return 0;
}
