/**
 * Shared fixtures of the host, server and contract tests: the plain-JS fake engine and experiments on
 * the loss x² + y² over [−3, 3]² (the fake does SGD on ½‖Φ‖², so one step maps Φ to (1 − η)Φ).
 */
import type { Frame, LabState } from '../../shared/contract/lab';

/**
 * The fake engine's module, for `LabHost`'s `engineModule` option: fake-engine.ts as plain JavaScript,
 * which the bundled worker threads can load (made by the tests' global setup, test/setup/build-cli.ts).
 */
export const engineModule = new URL('../../out/test/fake-engine.mjs', import.meta.url).href;

/** A run of a fixture experiment, as a `.lab.json` writes it. */
export interface FixtureRun {
  name: string;
  optimizer: { type: string; lr: number };
  start: number[];
  particles?: number;
}

/** An experiment file on x² + y² over [−3, 3]² with the given runs. */
export function quadraticSpec(runs: FixtureRun[], { seed = 1, steps = 1000 }: { seed?: number; steps?: number } = {}) {
  return {
    version: 1,
    seed,
    steps,
    loss: {
      expr: 'x^2 + y^2',
      domain: [
        [-3, 3],
        [-3, 3],
      ],
    },
    runs,
  };
}

/** Everything a lab emits from now on (frames copied: their positions may be transferred). */
export function collect(lab: {
  onFrame(cb: (frame: Frame) => void): unknown;
  onState(cb: (state: LabState) => void): unknown;
}) {
  const frames: Frame[] = [];
  const states: LabState[] = [];
  lab.onFrame((f) => frames.push({ ...f, positions: f.positions.slice() }));
  lab.onState((s) => states.push(s));
  return { frames, states, last: (run: number) => frames.filter((f) => f.run === run).at(-1) };
}

/** Resolves once `cond` holds; throws after `ms`. */
export async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}
