/**
 * Positions kept in a side file (SPEC §13 "Recording"): when a run's recorded positions would pass
 * 10⁷ numbers, `positions` (and likewise `final.positions`) is `{"file": "positions-0.f64",
 * "shape": [T, p, D]}` ([p, D] for `final.positions`): float64, little-endian, in the order recorded
 * step, particle, coordinate, in a file beside the recording. This reads such a reference and its bytes,
 * and inline nested arrays alike, into `PackedPositions`; the file itself is read by the main side
 * (src-main/files/read-positions.ts). Pure code: no Node, no DOM.
 */
import { PackedPositions } from './packed-positions';

/** `{"file", "shape"}`: positions in a side file. */
export interface PositionFileRef {
  file: string;
  shape: number[];
}

export function isPositionFileRef(value: unknown): value is PositionFileRef {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'file' in value && 'shape' in value;
}

/**
 * Why `ref` is not a side file of `rank` dimensions (3: [T, p, D], 2: [p, D]) that may be read beside
 * the recording, or undefined: the name is a bare file name (no folder, no `..`), the shape whole numbers.
 */
export function positionFileProblem(ref: PositionFileRef, rank: 2 | 3): string | undefined {
  const { file, shape } = ref;
  if (typeof file !== 'string' || file === '' || /[/\\\0]/.test(file) || file === '.' || file === '..')
    return 'file: must be the name of a file beside the recording (no folder)';
  if (!Array.isArray(shape) || shape.length !== rank || !shape.every((n) => Number.isSafeInteger(n) && n >= 0))
    return `shape: must be ${rank} whole numbers (${rank === 3 ? '[steps, particles, D]' : '[particles, D]'})`;
  return undefined;
}

/** The number of bytes a side file of `shape` holds (8 per float64). */
export const positionFileBytes = (shape: readonly number[]): number => 8 * shape.reduce((a, b) => a * b, 1);

/** The positions of a side file's bytes (float64, little-endian), laid out as `shape`. */
export function decodePositionFile(bytes: Uint8Array, shape: readonly number[]): PackedPositions {
  if (bytes.byteLength !== positionFileBytes(shape))
    throw new RangeError(`holds ${bytes.byteLength} bytes, not ${positionFileBytes(shape)} (8 × ${shape.join(' × ')})`);
  const data = new Float64Array(bytes.byteLength / 8);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < data.length; i++) data[i] = view.getFloat64(8 * i, true);
  const [steps, particles, dims] = shape.length === 3 ? shape : [null, ...shape];
  return new PackedPositions(data, dims!, particles!, steps ?? null);
}

/**
 * Inline positions (nested arrays, `null` for a non-finite coordinate) as `PackedPositions` of `dims`
 * coordinates; `rank` 3 for [steps][particles][coordinate], 2 for [particles][coordinate].
 * Throws a RangeError naming the first entry of the wrong length.
 */
export function packInlinePositions(value: unknown, rank: 2 | 3, dims: number): PackedPositions {
  const blocks = (rank === 3 ? value : [value]) as unknown;
  if (!Array.isArray(blocks)) throw new RangeError('must be an array or {"file", "shape"}');
  const particles = blocks.length > 0 && Array.isArray(blocks[0]) ? (blocks[0] as unknown[]).length : 0;
  const data = new Float64Array(blocks.length * particles * dims);
  blocks.forEach((block, s) => {
    if (!Array.isArray(block) || block.length !== particles)
      throw new RangeError(`[${s}]: ${particles} particles expected`);
    block.forEach((row, p) => {
      const where = rank === 3 ? `[${s}][${p}]` : `[${p}]`;
      if (!Array.isArray(row) || row.length !== dims) throw new RangeError(`${where}: ${dims} coordinates expected`);
      row.forEach((v, d) => {
        if (v !== null && typeof v !== 'number') throw new RangeError(`${where}[${d}]: not a number`);
        data[(s * particles + p) * dims + d] = v ?? NaN;
      });
    });
  });
  return new PackedPositions(data, dims, particles, rank === 3 ? blocks.length : null);
}
