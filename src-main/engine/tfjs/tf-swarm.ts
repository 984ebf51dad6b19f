/**
 * The step bookkeeping both TensorFlow.js engines share (the formula engine run-engine.ts and the
 * model engine model-engine.ts): an ensemble's tensors (`TfParticles`), its step t, its time
 * τ = Σ_{s ≤ t} η_s, and whether every particle is known alive. A step t → t + 1 at η_{t+1}: the
 * engine's update gives the new Φ and optimizer state and the loss at the step's start; a particle whose
 * new Φ or loss is not finite keeps its last finite position and stops (freeze.ts); τ grows by η_{t+1}.
 */
import type * as tfjs from '@tensorflow/tfjs-core';
import type { Tf } from '../api';
import { disposeReplaced, freezeDiverged, type TfParticles } from './freeze';
import type { State } from './interpret-optimizer';

/** What one step's update gives: the new Φ and optimizer state, and the loss [P] at the step's start. */
export interface TfUpdate {
  phi: tfjs.Tensor2D;
  slots: State;
  loss: tfjs.Tensor1D;
}

/** An ensemble's tensors with its step, τ and liveness (see above). */
export class TfSwarm {
  /** The steps taken. */
  t = 0;
  /** τ = Σ η over the steps taken. */
  tau = 0;
  /** Known: every particle is alive (false: unknown or some stopped; the engine finds out again). */
  allAlive = true;

  /**
   * @param quickCheck whether a step may read back one small finiteness check (host-memory backends:
   * a cheap sync that skips the masks while every particle stays finite)
   */
  constructor(
    private readonly tf: Tf,
    private readonly quickCheck: boolean,
    private current: TfParticles,
  ) {}

  get particles(): TfParticles {
    return this.current;
  }
  get phi(): tfjs.Tensor2D {
    return this.current.phi;
  }
  get slots(): State {
    return this.current.slots;
  }
  get alive(): tfjs.Tensor1D {
    return this.current.alive;
  }
  get death(): tfjs.Tensor1D {
    return this.current.death;
  }

  /** One step at η = `lrAt(t)` (t the new step): `update` runs inside tf.tidy; what diverged freezes. */
  step(lrAt: (t: number) => number, update: (t: number, lr: number) => TfUpdate): void {
    const tf = this.tf;
    const t = this.t + 1;
    const lr = lrAt(t);
    const p = tf.tidy(() => {
      const { phi, slots, loss } = update(t, lr);
      const out = freezeDiverged(tf, this.current, { phi, slots }, loss, t, this.allAlive && this.quickCheck);
      this.allAlive = out.fast;
      return out.particles;
    });
    this.replace(p);
    this.t = t;
    this.tau += lr;
  }

  /** Swaps in new tensors, disposing the old ones not carried over unchanged. */
  replace(p: TfParticles): void {
    disposeReplaced(this.current, p);
    this.current = p;
  }

  dispose(): void {
    const p = this.current;
    p.phi.dispose();
    p.slots.forEach((s) => s.dispose());
    p.alive.dispose();
    p.death.dispose();
  }
}
