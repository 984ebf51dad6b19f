/**
 * `DIR/sweep-manifest.json`: which sweep a sweep folder belongs to (the sweep's hash), how many cells
 * it has and how many runs (rows) each cell gives, its CSV header, and which shard the folder runs.
 * Resume refuses a folder of another sweep or shard; merge checks shards against each other with it.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { parseJson } from '../../shared/experiment/json';
import { writeFileAtomic } from '../files/durable';

export const MANIFEST_FILE = 'sweep-manifest.json';
export const MANIFEST_FORMAT = 'sgd-lab/sweep-manifest';

/** `--shard K/N`: the cells whose index ≡ K (mod N). */
export interface Shard {
  index: number;
  count: number;
}

export const ManifestSchema = z.object({
  format: z.literal(MANIFEST_FORMAT),
  version: z.literal(1),
  /** SHA-256 of the sweep's definition and every cell's normalized experiment. */
  sweep: z.string(),
  cells: z.number().int().min(0),
  /** Rows (runs) of each cell. */
  runs: z.array(z.number().int().min(0)),
  /** The CSV header line. */
  header: z.string(),
  shard: z.object({ index: z.number().int().min(0), count: z.number().int().min(1) }).nullable(),
});
export type Manifest = z.infer<typeof ManifestSchema>;

/** Parses `K/N` with 0 ≤ K < N. */
export function parseShard(text: string): Shard | string {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  if (!m) return `--shard must be K/N, not ${text}`;
  const [index, count] = [Number(m[1]), Number(m[2])];
  if (count < 1 || index >= count) return `--shard K/N needs 0 ≤ K < N, not ${text}`;
  return { index, count };
}

/** The manifest of a folder: undefined when there is none, a string when it cannot be read. */
export async function readManifest(dir: string): Promise<Manifest | undefined | string> {
  let text: string;
  try {
    text = await readFile(path.join(dir, MANIFEST_FILE), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = ManifestSchema.safeParse(parseJson(text));
    return parsed.success ? parsed.data : `${path.join(dir, MANIFEST_FILE)} is not a sweep manifest`;
  } catch (error) {
    return `${path.join(dir, MANIFEST_FILE)} is not a sweep manifest: ${(error as Error).message}`;
  }
}

export async function writeManifest(dir: string, manifest: Manifest): Promise<void> {
  await writeFileAtomic(path.join(dir, MANIFEST_FILE), JSON.stringify(manifest) + '\n');
}
