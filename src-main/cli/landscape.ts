/**
 * `sgd-lab landscape DIR/recording.json [--plane pca|random|points] [--grid G] [--span S] [--seed N]`
 * (SPEC §13): writes DIR/landscape.json atomically — the plane, its grid of full training (and test)
 * losses, and each run's recorded path projected onto it with its distance off the plane and its true
 * loss — and prints a summary. Exit 0 done; 2 usage, a file that is no usable recording (every problem
 * named by its field), or a loss of at most 2 parameters (its surface is the loss itself); 1 anything else.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { computeLandscape, type LandscapeOptions } from '../../shared/landscape/landscape';
import { PlaneError } from '../../shared/landscape/planes';
import { DEFAULT_GRID, MAX_GRID, type FullLoss, type PlaneKind } from '../../shared/landscape/types';
import type { Experiment } from '../../shared/experiment/experiment';
import { writeFileAtomic } from '../files/durable';
import { PositionFileError } from '../files/read-positions';
import { experimentFullLoss, LossUnavailableError } from '../landscape/full-loss';
import { readLandscapeRecording, recordedPaths, RecordingError } from '../landscape/read-recording';
import { integerOption, UsageError } from './args';

const USAGE =
  'usage: sgd-lab landscape DIR/recording.json [--plane pca|random|points] [--grid G] [--span S] [--seed N]';
const PLANES: readonly PlaneKind[] = ['pca', 'random', 'points'];

export interface LandscapeArgs extends LandscapeOptions {
  file: string;
}

export function parseLandscapeArgs(args: string[]): LandscapeArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: {
        plane: { type: 'string' },
        grid: { type: 'string' },
        span: { type: 'string' },
        seed: { type: 'string' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
  const { values, positionals } = parsed;
  const [file, ...extra] = positionals;
  if (file === undefined) throw new UsageError('missing DIR/recording.json');
  if (extra.length > 0) throw new UsageError(`unexpected argument ${extra[0]}`);
  const plane = (values.plane ?? 'pca') as PlaneKind;
  if (!PLANES.includes(plane))
    throw new UsageError(`--plane must be one of ${PLANES.join(', ')} (got ${values.plane})`);
  const out: LandscapeArgs = { file, plane, grid: DEFAULT_GRID };
  if (values.grid !== undefined) out.grid = integerOption('--grid', values.grid, 2, MAX_GRID);
  if (plane !== 'random' && (values.span !== undefined || values.seed !== undefined))
    throw new UsageError(`--span and --seed belong to --plane random (this plane is ${plane})`);
  if (values.span !== undefined) {
    const span = /^\s*$/.test(values.span) ? NaN : Number(values.span);
    if (!(Number.isFinite(span) && span > 0)) throw new UsageError(`--span must be a number > 0 (got ${values.span})`);
    out.span = span;
  }
  if (values.seed !== undefined) out.seed = integerOption('--seed', values.seed, 0, 2 ** 32 - 1);
  return out;
}

/** Builds the full loss of a recording's experiment; `dir` is the recording's folder (its data paths start there). */
export type FullLossFactory = (spec: Experiment, dir: string) => Promise<FullLoss>;

const fail = (file: string, message: string): number => {
  process.stderr.write(`sgd-lab landscape: ${file}: ${message}\n`);
  return 2;
};

export async function landscapeCommand(
  args: string[],
  fullLossOf: FullLossFactory = experimentFullLoss,
): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let options: LandscapeArgs;
  try {
    options = parseLandscapeArgs(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`sgd-lab landscape: ${error.message}\n${USAGE}\n`);
    return 2;
  }
  const { file } = options;
  const dir = path.dirname(path.resolve(file));
  const started = performance.now();
  try {
    const recording = await readLandscapeRecording(file);
    const loss = recording.spec.loss;
    if (!loss.model && Array.isArray(loss.params) && loss.params.length <= 2)
      return fail(
        file,
        `its loss has ${loss.params.length} parameter${loss.params.length === 1 ? '' : 's'}: its surface is the loss itself (open the recording in the lab); landscape planes are for models (SPEC §13)`,
      );
    const fullLoss = await fullLossOf(recording.spec, dir);
    if (fullLoss.D <= 2)
      return fail(
        file,
        `its model has ${fullLoss.D} weights: its surface is the loss itself (open the recording in the lab)`,
      );
    const paths = await recordedPaths(recording.runs, file, fullLoss.D);
    const landscape = await computeLandscape(paths, fullLoss, options);
    const out = path.join(dir, 'landscape.json');
    await writeFileAtomic(out, JSON.stringify(landscape) + '\n');
    const seconds = (performance.now() - started) / 1000;
    const G = landscape.alpha.length;
    const range = (v: number[]) => `[${v[0]!.toPrecision(4)}, ${v[G - 1]!.toPrecision(4)}]`;
    const lines = [
      `plane ${landscape.plane.kind}: D = ${fullLoss.D}, ${G}×${G} grid, α ∈ ${range(landscape.alpha)}, β ∈ ${range(landscape.beta)}${landscape.testLoss ? ', with the test loss' : ''}`,
      ...landscape.runs.map((r) => {
        const off = Math.max(0, ...r.offPlane.filter(Number.isFinite));
        return `  ${r.name}: ${r.t.length} recorded steps, at most ${off.toPrecision(3)} off the plane`;
      }),
      `wrote ${out} (${seconds.toFixed(2)} s)`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  } catch (error) {
    if (
      error instanceof RecordingError ||
      error instanceof PositionFileError ||
      error instanceof PlaneError ||
      error instanceof LossUnavailableError
    )
      return fail(file, error.message);
    throw error;
  }
}
