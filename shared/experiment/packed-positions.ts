/**
 * Particle positions kept as one typed array instead of nested JSON arrays (issue 18): a recording's
 * `positions` ([step][particle][coordinate]) and `final.positions` ([particle][coordinate]). A nested
 * array costs ~30 bytes more per coordinate and a copy at every hand-over; this is 4 or 8 bytes, moved
 * between threads without a copy. Its JSON is written straight from the typed array, in pieces
 * (`RAW_JSON`, taken by `jsonChunks`), the very text `JSON.stringify` writes for the nested arrays.
 * Pure code: no Node, no DOM.
 */
import { RAW_JSON, type RawJson } from './json-chunks';

export type Coordinates = Float32Array | Float64Array;

/** What crosses a thread (structured clone keeps typed arrays, not classes). */
export interface PackedPositionsWire {
  /** Row-major: [steps ×] particles × dims. */
  data: Coordinates;
  dims: number;
  particles: number;
  /** Recorded steps, or null for one set of positions (`final.positions`). */
  steps: number | null;
}

/** Particles written per piece of JSON. */
const ROWS_PER_PIECE = 1024;

/** A coordinate as `JSON.stringify` writes it (a non-finite one is `null`). */
const coordinate = (v: number): string => (Number.isFinite(v) ? String(v) : 'null');

export class PackedPositions implements RawJson, PackedPositionsWire {
  constructor(
    readonly data: Coordinates,
    readonly dims: number,
    readonly particles: number,
    readonly steps: number | null,
  ) {
    const expected = (steps ?? 1) * particles * dims;
    if (data.length !== expected)
      throw new RangeError(
        `packed positions hold ${data.length} numbers, not ${expected} ([steps ×] particles × dims)`,
      );
  }

  static from(wire: PackedPositionsWire): PackedPositions {
    return new PackedPositions(wire.data, wire.dims, wire.particles, wire.steps);
  }

  /** Bytes of memory the positions hold. */
  get bytes(): number {
    return this.data.byteLength;
  }

  /** The nested arrays (for `JSON.stringify` and for whoever needs plain JSON values). */
  toJSON(): (number | null)[][] | (number | null)[][][] {
    const block = (start: number): (number | null)[][] => {
      const rows: (number | null)[][] = [];
      for (let p = 0; p < this.particles; p++) {
        const row: (number | null)[] = [];
        for (let d = 0; d < this.dims; d++) {
          const v = this.data[start + p * this.dims + d]!;
          row.push(Number.isFinite(v) ? v : null);
        }
        rows.push(row);
      }
      return rows;
    };
    if (this.steps === null) return block(0);
    const size = this.particles * this.dims;
    return Array.from({ length: this.steps }, (_, s) => block(s * size));
  }

  /** The JSON text of `toJSON()`, in pieces of at most `ROWS_PER_PIECE` particles. */
  *[RAW_JSON](): Generator<string, void, undefined> {
    const steps = this.steps ?? 1;
    const { dims, particles, data } = this;
    if (this.steps !== null) yield '[';
    for (let s = 0; s < steps; s++) {
      let piece = s > 0 ? ',[' : '[';
      for (let p = 0; p < particles; p++) {
        const at = (s * particles + p) * dims;
        let row = p > 0 ? ',[' : '[';
        for (let d = 0; d < dims; d++) row += (d > 0 ? ',' : '') + coordinate(data[at + d]!);
        piece += `${row}]`;
        if ((p + 1) % ROWS_PER_PIECE === 0) {
          yield piece;
          piece = '';
        }
      }
      yield `${piece}]`;
    }
    if (this.steps !== null) yield ']';
  }
}
