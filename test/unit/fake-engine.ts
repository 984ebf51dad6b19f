/**
 * A plain-JS stand-in for the engine, for the host's tests: every run does SGD on L(Φ) = ½‖Φ‖²
 * (so Φ ← Φ − η Φ, easy to compute by hand) with η = the run's `optimizer.lr`, ignoring schedules.
 * Fault injection by run name: `boom` throws from step once t ≥ 3; `die` crashes the whole worker
 * (an uncaught exception) on its first step.
 */
import type { Surface } from '../../shared/contract/lab';
import type { Experiment, Run } from '../../shared/experiment/experiment';
import type { HyperPatch, RunCore, RunFrame, RunStats } from '../../src-main/engine/api';
import type { EngineAdapter } from '../../src-main/host/engine-adapter';

class FakeRun implements RunCore {
  t = 0;
  private tau = 0;
  private readonly phi: Float64Array;

  constructor(
    public run: Run,
    private readonly dims: number,
  ) {
    this.phi = new Float64Array(run.particles * dims);
    for (let i = 0; i < this.phi.length; i++) this.phi[i] = run.start[i % dims] ?? 0;
  }

  private get lr(): number {
    return (this.run.optimizer as { lr?: number }).lr ?? 0.01;
  }

  step(n: number): void {
    if (this.run.name.includes('die'))
      setImmediate(() => {
        throw new Error('the fake worker died');
      });
    for (let s = 0; s < n; s++) {
      if (this.run.name.includes('boom') && this.t >= 3) throw new Error('boom at step 3');
      for (let i = 0; i < this.phi.length; i++) this.phi[i] = (this.phi[i] as number) * (1 - this.lr);
      this.t += 1;
      this.tau += this.lr;
    }
  }

  read(max: number): RunFrame {
    return { stats: this.stats(), positions: this.positions(max) };
  }

  private stats(): RunStats {
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    for (let p = 0; p < this.run.particles; p++) {
      let l = 0;
      for (let d = 0; d < this.dims; d++) l += 0.5 * (this.phi[p * this.dims + d] as number) ** 2;
      sum += l;
      min = Math.min(min, l);
      max = Math.max(max, l);
    }
    const loss = sum / this.run.particles;
    return {
      t: this.t,
      lr: this.lr,
      loss,
      lossMin: min,
      lossMax: max,
      examples: this.t,
      tau: this.tau,
      diverged: null,
    };
  }

  private positions(max: number): Float32Array {
    return Float32Array.from(this.phi.subarray(0, Math.min(max, this.run.particles) * this.dims));
  }

  setHyper(patch: HyperPatch): void {
    this.run = { ...this.run, ...patch };
  }

  dispose(): void {}
}

export async function createAdapter(): Promise<EngineAdapter> {
  return {
    backend: 'fake',
    createRun: async (experiment: Experiment, runIndex: number) => {
      const run = experiment.runs[runIndex];
      if (!run) throw new Error(`no run ${runIndex}`);
      return new FakeRun(run, experiment.loss.params.length);
    },
    surface: async (experiment: Experiment, resolution: number): Promise<Surface> => {
      const domain = experiment.loss.domain;
      const [[x0, x1] = [0, 1], [y0, y1] = [0, 0]] = domain;
      const rows = domain.length > 1 ? resolution : 1;
      const values = new Float32Array(resolution * rows);
      for (let j = 0; j < rows; j++)
        for (let i = 0; i < resolution; i++) {
          const x = x0 + ((x1 - x0) * i) / (resolution - 1);
          const y = rows > 1 ? y0 + ((y1 - y0) * j) / (resolution - 1) : 0;
          values[j * resolution + i] = 0.5 * (x * x + y * y);
        }
      let min = Infinity;
      let max = -Infinity;
      for (const v of values) [min, max] = [Math.min(min, v), Math.max(max, v)];
      return { resolution, domain, values, min, max, levels: [max / 4, max / 2] };
    },
  };
}
