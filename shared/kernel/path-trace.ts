/**
 * Steps a path program (path-program.ts) from t = 0 to its steps with no compiled code, its tape and
 * update statements run as path-code.ts interprets them (every operation as the JavaScript kernel
 * prints it), so the path is the compiled kernel's to the bit. The record has the lab's layout (instant-record.ts):
 * a row every `every` steps and the last, [t, lr, loss, lossMin, lossMax, examples, tau, x₁ … x_D].
 *
 * One particle as the kernel steps it: Φ ← update(Φ, ∇L(Φ)) per step; a step whose loss or new
 * position is not finite freezes it where it was (its `death` step recorded), and a row whose loss is
 * not finite stops it there; a stopped particle's rows have NaN losses.
 */
import { runUpdate, tapeEvaluator, updateCode } from './path-code';
import type { PathProgram } from './path-program';

/** The path's record and its last state (what the lab's final frame reads). */
export interface PathTrace {
  /** Rows of 7 + D numbers (see above). */
  record: Float64Array;
  rows: number;
  /** The optimizer's slots at the end, [slot][D]. */
  slots: number[][];
  /** ∇L at the end (null when stopped or not finite). */
  gradient: number[] | null;
  /** The step it stopped at (0: it did not). */
  death: number;
}

/** Statistics' columns before the coordinates (instant-record.ts `RECORD_STATS`). */
const STATS = 7;

/** Steps `program` to its end. */
export function tracePath(program: PathProgram): PathTrace {
  const { D, steps, every, values, perStep, slots } = program;
  const K = 1 + perStep.length;
  const S = slots.length;
  // The coordinate's environment: x, g, q, lr, the slots, the per-step values, the constants, temporaries.
  const names = ['x', 'g', 'q', 'lr', ...slots, ...perStep, ...Object.keys(program.constants)];
  for (const s of program.statements) if (s.temporary && !names.includes(s.target)) names.push(s.target);
  const update = updateCode(program, names);
  const envs = Array.from({ length: D }, () => {
    const env = new Float64Array(update.registers);
    Object.values(program.constants).forEach((v, j) => (env[4 + S + perStep.length + j] = v));
    for (const [k, v] of update.numbers) env[k] = v;
    return env;
  });
  const evaluate = tapeEvaluator(program);
  const r = new Float64Array(program.tape.length);
  program.tape.forEach((op, i) => op.op === 'const' && (r[i] = op.value));
  const [lossAt, ...gradAt] = program.outs as [number, ...number[]];

  const x = Float64Array.from(program.start);
  const s = Array.from({ length: S }, () => new Float64Array(D));
  const wx = new Float64Array(D);
  const ws = Array.from({ length: S }, () => new Float64Array(D));
  let alive = true;
  let death = 0;
  let tau = 0;
  let fresh = false; // r holds the tape at x
  const full = () => {
    if (!fresh) evaluate(x, r);
    fresh = true;
  };

  /** Step t (1-based) from x. */
  const step = (t: number) => {
    const q = (t - 1) * K;
    tau += values[q]!;
    if (!alive) return;
    full();
    const L = r[lossAt]!;
    for (let d = 0; d < D; d++) {
      const env = envs[d]!;
      const g = r[gradAt[d]!]!;
      env[0] = x[d]!;
      env[1] = g;
      env[2] = g * g;
      env[3] = values[q]!;
      for (let k = 0; k < S; k++) env[4 + k] = s[k]![d]!;
      for (let j = 1; j < K; j++) env[4 + S + j - 1] = values[q + j]!;
      runUpdate(update.ops, env);
      wx[d] = env[0]!;
      for (let k = 0; k < S; k++) ws[k]![d] = env[4 + k]!;
    }
    let finite = L - L === 0;
    for (let d = 0; d < D; d++) finite &&= wx[d]! - wx[d]! === 0;
    if (!finite) {
      alive = false;
      death = L - L === 0 ? t : Math.max(t - 1, 1);
      return;
    }
    x.set(wx);
    for (let k = 0; k < S; k++) s[k]!.set(ws[k]!);
    fresh = false;
  };

  const grid: number[] = [];
  for (let t = 0; t < steps; t += every) grid.push(t);
  grid.push(steps);
  const width = STATS + D;
  const record = new Float64Array(grid.length * width);
  let t = 0;
  for (const [row, at] of grid.entries()) {
    while (t < at) step(++t);
    let loss = NaN;
    if (alive) {
      full();
      loss = r[lossAt]!;
      if (!(loss - loss === 0)) {
        alive = false;
        death = Math.max(t, 1);
        loss = NaN;
      }
    }
    const o = row * width;
    record[o] = t;
    record[o + 1] = values[(Math.max(t, 1) - 1) * K]!;
    record[o + 2] = loss;
    record[o + 3] = loss;
    record[o + 4] = loss;
    record[o + 5] = t * program.batch;
    record[o + 6] = tau;
    record.set(x, o + STATS);
  }
  let gradient: number[] | null = null;
  if (alive) {
    full();
    gradient = gradAt.map((i) => r[i]!);
    if (!gradient.every(Number.isFinite)) gradient = null;
  }
  return { record, rows: grid.length, slots: s.map((v) => Array.from(v)), gradient, death };
}
