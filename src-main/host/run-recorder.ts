/**
 * Records what one live run computed so far, as a SPEC §9 run entry: the one recording loop
 * (engine/record.ts) over the run's engine alone, its positions in float32 as the views get them. An
 * engine that steps asynchronously (the GPU's) is read back at each recorded step and only there.
 * The recording is handed over packed (`PackedRunRecording`), to be written as JSON straight from
 * its typed arrays.
 */
import type { TransferListItem } from 'node:worker_threads';
import type { RunCore } from '../engine/api';
import { EngineSet } from '../engine/engine-set';
import { Recorder, type PackedRunRecording } from '../engine/record';

export type { PackedRunRecording } from '../engine/record';

/** The buffers of `recording` to move (not copy) to the host. */
export function transferOf(recording: PackedRunRecording): TransferListItem[] {
  return [recording.positions.data.buffer as ArrayBuffer, recording.final.positions.data.buffer as ArrayBuffer];
}

/** More records than this are not kept (a run played far past its steps); later ones are dropped. */
export const MAX_RECORDS = 100_000;

export class RunRecorder {
  private constructor(private readonly recorder: Recorder) {}

  /** A recorder of `engine` from its current step on, that step taken (with `alsoRead` positions read back). */
  static async start(
    engine: RunCore,
    every: number,
    particles: number,
    dims: number,
    alsoRead = 0,
  ): Promise<RunRecorder> {
    const set = new EngineSet([engine]);
    return new RunRecorder(await Recorder.start(set, dims, { every, particles, cap: MAX_RECORDS }, alsoRead));
  }

  /**
   * Steps the engine n times, stopping at each recorded step to take it. `alsoRead` positions are
   * read back with a recorded step that ends the advance (what the frame after it shows).
   */
  advance(n: number, alsoRead = 0): Promise<void> {
    return this.recorder.advance(n, alsoRead);
  }

  /** The recording so far, with the current step appended when it was not a recorded one. */
  async result(): Promise<PackedRunRecording> {
    const extra = await this.recorder.extra(0);
    return this.recorder.builders[0]!.packed(await this.recorder.end(0), extra);
  }
}
