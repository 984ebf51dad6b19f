/**
 * The command line's options, parsed in one place with Node's `util.parseArgs` (`--out DIR` and
 * `--out=DIR` alike; unknown options refused). Each command's parser returns its options or a
 * `UsageError` saying what is wrong (exit 2).
 */
import { parseArgs } from 'node:util';
import { BACKEND_ORDER, isBackendName } from '../engine/backend';

/** A command line that cannot be run as written: the message says why (exit 2, with the usage). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The backends `--backend` takes, for the usage line. */
export const BACKEND_NAMES = [...BACKEND_ORDER, 'auto'].join('|');

/** What `sgd-lab run` was asked. */
export interface RunOptions {
  file: string;
  out: string;
  backend?: string;
  threads?: number;
  /** False with `--no-budget`: no limits checked. */
  budget: boolean;
  /** `--help`: print the usage and stop. */
  help?: boolean;
}

/** What `sgd-lab serve` was asked. */
export interface ServeOptions {
  port: number;
  host: string;
  open: boolean;
  experiment?: string;
  /** A recording.json to serve as a replay (in place of the live lab). */
  recording?: string;
  backend?: string;
  budget: boolean;
  help?: boolean;
}

type Spec = Record<string, { type: 'string' | 'boolean'; short?: string }>;

const HELP = { help: { type: 'boolean', short: 'h' } } as const;

function parse(args: string[], options: Spec, positionals: boolean) {
  try {
    return parseArgs({ args, options, allowPositionals: positionals, strict: true });
  } catch (error) {
    // parseArgs's own words, minus its hint about '--' (meaningless here).
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
}

function backendOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value !== 'auto' && !isBackendName(value)) throw new UsageError(`unknown backend ${value} (${BACKEND_NAMES})`);
  return value;
}

/** A whole number in [min, max] written in decimal, or a UsageError naming the flag. */
export function integerOption(flag: string, value: string, min: number, max: number): number {
  const n = /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max)
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max} (got ${JSON.stringify(value)})`);
  return n;
}

const nonEmpty = (flag: string, value: string | undefined): string | undefined => {
  if (value === '') throw new UsageError(`${flag} needs a value`);
  return value;
};

export function parseRunArgs(args: string[]): RunOptions {
  const { values, positionals } = parse(
    args,
    {
      ...HELP,
      out: { type: 'string' },
      backend: { type: 'string' },
      threads: { type: 'string' },
      'no-budget': { type: 'boolean' },
    },
    true,
  );
  if (values.help === true) return { file: '', out: '', budget: true, help: true };
  const [file, ...extra] = positionals;
  if (file === undefined) throw new UsageError('missing FILE');
  if (extra.length > 0) throw new UsageError(`unexpected argument ${extra[0]}`);
  const out = nonEmpty('--out', values.out as string | undefined);
  if (out === undefined) throw new UsageError('missing --out DIR');
  const backend = backendOf(nonEmpty('--backend', values.backend as string | undefined));
  const threads =
    values.threads === undefined ? undefined : integerOption('--threads', values.threads as string, 1, 1024);
  return {
    file,
    out,
    ...(backend !== undefined ? { backend } : {}),
    ...(threads !== undefined ? { threads } : {}),
    budget: values['no-budget'] !== true,
  };
}

export function parseServeArgs(args: string[]): ServeOptions {
  const { values } = parse(
    args,
    {
      ...HELP,
      port: { type: 'string' },
      host: { type: 'string' },
      open: { type: 'boolean' },
      'no-open': { type: 'boolean' },
      experiment: { type: 'string' },
      recording: { type: 'string' },
      backend: { type: 'string' },
      'no-budget': { type: 'boolean' },
    },
    false,
  );
  if (values.help === true) return { port: 0, host: '', open: false, budget: true, help: true };
  const recording = nonEmpty('--recording', values.recording as string | undefined);
  if (recording !== undefined && values.experiment !== undefined)
    throw new UsageError('--experiment and --recording: give one (a recording holds its experiment)');
  const port = values.port === undefined ? 5178 : integerOption('--port', values.port as string, 0, 65535);
  const experiment = nonEmpty('--experiment', values.experiment as string | undefined);
  const backend = backendOf(nonEmpty('--backend', values.backend as string | undefined));
  return {
    port,
    host: nonEmpty('--host', values.host as string | undefined) ?? '127.0.0.1',
    open: values['no-open'] !== true,
    ...(experiment !== undefined ? { experiment } : {}),
    ...(recording !== undefined ? { recording } : {}),
    ...(backend !== undefined ? { backend } : {}),
    budget: values['no-budget'] !== true,
  };
}
