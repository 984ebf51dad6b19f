/**
 * `sgd-lab analyze DIR/recording.json [--burn-in T] [--at x,y]` (SPEC §10, §11): the stationary
 * analysis of a recording, written to DIR/analysis.json atomically and printed as a table.
 * Exit 0 done, 2 usage, a file that is no recording or data that cannot be read or changed since
 * (SPEC §9: a CSV path relative to the recording's folder, checked against its SHA-256), 1 anything else.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseJson } from '../../shared/experiment/json';
import { RecordingSchema, type Recording } from '../../shared/experiment/recording';
import { analyzeRecording, type Analysis, type AnalyzeOptions } from '../../shared/theory/analysis';
import { formatAnalysis } from '../../shared/theory/table';
import { analyzeModelFile, ModelAnalyzeError } from '../analyze/analyze-model';
import { DataError, loadDataSet } from '../engine/loss/loss-data';
import { writeFileAtomic } from '../files/durable';

const USAGE = 'usage: sgd-lab analyze DIR/recording.json [--burn-in T] [--at x,y]';

interface AnalyzeArgs {
  file: string;
  burnIn?: number;
  at?: number[];
}

function parse(args: string[]): AnalyzeArgs | string {
  let values: { 'burn-in'?: string; at?: string };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      options: { 'burn-in': { type: 'string' }, at: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    }));
  } catch (error) {
    return (error as Error).message;
  }
  if (positionals.length === 0) return 'missing DIR/recording.json';
  if (positionals.length > 1) return `unexpected argument ${positionals[1]}`;
  const out: AnalyzeArgs = { file: positionals[0]! };
  if (values['burn-in'] !== undefined) {
    const T = Number(values['burn-in']);
    if (!Number.isInteger(T) || T < 0) return `--burn-in must be a whole number of steps ≥ 0, not ${values['burn-in']}`;
    out.burnIn = T;
  }
  if (values.at !== undefined) {
    const at = values.at.split(',').map((s) => (s.trim() === '' ? NaN : Number(s)));
    if (!at.every(Number.isFinite)) return `--at must be numbers separated by commas, not ${values.at}`;
    out.at = at;
  }
  return out;
}

function usage(message: string): number {
  process.stderr.write(`sgd-lab analyze: ${message}\n${USAGE}\n`);
  return 2;
}

/** A network's runs with their positions emptied: they may be side-file references (SPEC §13), read later. */
function withoutPositions(input: unknown): unknown {
  const rec = input as { spec?: { loss?: { model?: unknown } }; runs?: unknown };
  if (!rec?.spec?.loss?.model || !Array.isArray(rec.runs)) return input;
  return {
    ...rec,
    runs: rec.runs.map((run: { final?: object }) =>
      typeof run === 'object' && run && typeof run.final === 'object' && run.final
        ? { ...run, positions: [], final: { ...run.final, positions: [] } }
        : run,
    ),
  };
}

/** Reads and checks a recording; a string says what is wrong with it. */
async function readRecording(file: string): Promise<{ recording: Recording; input: unknown } | string> {
  let input: unknown;
  try {
    input = parseJson(await readFile(file, 'utf8'));
  } catch (error) {
    return (error as Error).message;
  }
  const parsed = RecordingSchema.safeParse(withoutPositions(input));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return `not a recording (SPEC §9): ${issue.path.join('.') || 'the file'}: ${issue.message}`;
  }
  const rec = parsed.data;
  const spec = rec.spec as Partial<Recording['spec']>;
  if (!spec.loss || !Array.isArray(spec.runs) || spec.runs.length !== rec.runs.length)
    return 'not a recording (SPEC §9): its spec does not describe its runs';
  return { recording: rec, input };
}

/** A network's recording (SPEC §13): analyze-model.ts; its problems exit 2. */
async function analyzeModel(file: string, input: unknown, recording: Recording, opts: AnalyzeOptions) {
  try {
    return await analyzeModelFile(file, input as Parameters<typeof analyzeModelFile>[1], recording, opts);
  } catch (error) {
    if (!(error instanceof ModelAnalyzeError)) throw error;
    process.stderr.write(`sgd-lab analyze: ${file}: ${error.message}\n`);
    return null;
  }
}

export async function analyzeCommand(args: string[]): Promise<number> {
  const parsed = parse(args);
  if (typeof parsed === 'string') return usage(parsed);
  const read = await readRecording(parsed.file);
  if (typeof read === 'string') {
    process.stderr.write(`sgd-lab analyze: ${parsed.file}: ${read}\n`);
    return 2;
  }
  const { recording } = read;
  const opts: AnalyzeOptions = {
    ...(parsed.burnIn !== undefined ? { burnIn: parsed.burnIn } : {}),
    ...(parsed.at ? { at: parsed.at } : {}),
  };
  if (recording.spec.loss.model) {
    const analysis = await analyzeModel(parsed.file, read.input, recording, opts);
    return analysis ? write(parsed.file, analysis) : 2;
  }
  const D = recording.spec.loss.params.length;
  if (parsed.at && parsed.at.length !== D)
    return usage(
      `--at needs ${D} number${D > 1 ? 's' : ''}, one per parameter (${recording.spec.loss.params.join(', ')})`,
    );

  const dir = path.dirname(path.resolve(parsed.file));
  // The data as the engine drew it (same seed); a CSV path is relative to the recording's folder, and
  // a file whose bytes differ from the recorded SHA-256 is refused (SPEC §9).
  let examples;
  try {
    examples = await loadDataSet(recording.spec.loss, { seed: recording.spec.seed, baseDir: dir });
  } catch (error) {
    if (!(error instanceof DataError)) throw error;
    process.stderr.write(`sgd-lab analyze: ${parsed.file}: the recording's data: ${error.message}\n`);
    return 2;
  }
  return write(parsed.file, analyzeRecording(recording, examples, opts));
}

/** Writes DIR/analysis.json atomically and prints the table. */
async function write(file: string, analysis: Analysis): Promise<number> {
  const out = path.join(path.dirname(path.resolve(file)), 'analysis.json');
  await writeFileAtomic(out, JSON.stringify(analysis, null, 2) + '\n');
  process.stdout.write(`${formatAnalysis(analysis)}\n\nwrote ${out}\n`);
  return 0;
}
