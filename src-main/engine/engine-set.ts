/**
 * Run cores (one per run, any backend: WebGPU, TensorFlow.js, the compiled kernels on the calling
 * thread) as one RunSet for the recording loop (record.ts). `step` steps every engine still going
 * before any is read, so GPU engines queue their work side by side; `read` waits for a GPU engine's
 * read back (`sync`) and takes its statistics and first positions.
 */
import type { RunCore, RunFrame, RunSet } from './api';

export interface EngineSetOptions {
  /** Positions in float64 where the engine keeps them so (recordings), else float32 (the lab's views). */
  precise?: boolean;
  /**
   * Whether an engine that throws is stopped and the others go on (`failure` says why); without it the
   * error propagates.
   */
  isolate?: boolean;
  /** Coordinates per particle where not the loss's parameters (a model's D). */
  dims?: number;
}

export class EngineSet implements RunSet {
  private t_: number;
  private readonly failures: (Error | null)[];

  constructor(
    readonly engines: readonly RunCore[],
    private readonly opts: EngineSetOptions = {},
  ) {
    this.t_ = engines[0]?.t ?? 0;
    this.failures = engines.map(() => null);
  }

  get runs() {
    return this.engines.map((e) => e.run);
  }

  get dims(): number | undefined {
    return this.opts.dims;
  }

  get t(): number {
    return this.t_;
  }

  failure(i: number): Error | null {
    return this.failures[i] ?? null;
  }

  step(k: number): void {
    this.engines.forEach((e, i) => {
      if (!this.failures[i]) this.guard(i, () => e.step(k));
    });
    this.t_ += k;
  }

  async read(i: number, count: number): Promise<RunFrame | null> {
    const e = this.engines[i]!;
    if (this.failures[i]) return null;
    try {
      if (e.sync) await e.sync(count);
      return e.read(count, this.opts.precise);
    } catch (error) {
      this.fail(i, error);
      return null;
    }
  }

  /** Runs `f` for engine i; a throw stops the engine (isolated) or propagates. */
  private guard(i: number, f: () => void): void {
    try {
      f();
    } catch (error) {
      this.fail(i, error);
    }
  }

  private fail(i: number, error: unknown): void {
    if (!this.opts.isolate) throw error;
    this.failures[i] = error instanceof Error ? error : new Error(String(error));
  }

  dispose(): void {
    for (const e of this.engines) e.dispose();
  }
}
