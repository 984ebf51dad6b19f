/**
 * The particles' arrays of one run: float64 positions and optimizer state, liveness, the step each
 * particle stopped at, the last full losses. They may live in SharedArrayBuffers so that threads step
 * disjoint particle ranges of the same run. (No formula code here: threads import this alone.)
 */

export interface RunArrays {
  /** Positions, row-major [P × D]. */
  phi: Float64Array;
  /** The optimizer's state slots, each [P × D]. */
  slots: Float64Array[];
  /** 1 while the particle moves, 0 once stopped. */
  alive: Uint8Array;
  /** The step a stopped particle stopped at (0 while alive). */
  death: Int32Array;
  /** Full losses from the last `losses` call (NaN for stopped particles). */
  loss: Float64Array;
}

/** Buffers of RunArrays, transferable to workers when shared. */
export interface RunBuffers {
  phi: ArrayBufferLike;
  slots: ArrayBufferLike[];
  alive: ArrayBufferLike;
  death: ArrayBufferLike;
  loss: ArrayBufferLike;
}

export function allocateArrays(P: number, D: number, slotCount: number, shared: boolean): RunArrays {
  const buf = (bytes: number): ArrayBufferLike => (shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  const alive = new Uint8Array(buf(P));
  alive.fill(1);
  return {
    phi: new Float64Array(buf(8 * P * D)),
    slots: Array.from({ length: slotCount }, () => new Float64Array(buf(8 * P * D))),
    alive,
    death: new Int32Array(buf(4 * P)),
    loss: new Float64Array(buf(8 * P)),
  };
}

export const buffersOf = (a: RunArrays): RunBuffers => ({
  phi: a.phi.buffer,
  slots: a.slots.map((s) => s.buffer),
  alive: a.alive.buffer,
  death: a.death.buffer,
  loss: a.loss.buffer,
});

export const arraysOf = (b: RunBuffers): RunArrays => ({
  phi: new Float64Array(b.phi),
  slots: b.slots.map((s) => new Float64Array(s)),
  alive: new Uint8Array(b.alive),
  death: new Int32Array(b.death),
  loss: new Float64Array(b.loss),
});
