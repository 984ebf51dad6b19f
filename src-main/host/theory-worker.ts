/**
 * The Theory figure worker (worker_threads), so that a gallery figure never holds up the host's main
 * thread: asked for a figure, it runs the experiment whole through the engine (runExperiment, the
 * command line's path: compiled kernels or the model engine) and answers what the views read of its
 * recording (shared/theory/gallery-figure.ts), the frames' buffers moved, not copied.
 *
 * Its threads: the machine's cores while they are free, one while the machine is loaded (a load
 * average at or above the cores): there a second compiled thread waits for a core and compiles every
 * run's kernel again (the momentum figure's 54 runs: 3.3 s on one thread, 5.6 s on two at load 16).
 * The threads never change a byte of the figure (SPEC §10).
 *
 * Bundled as out/cli/theory-worker.js (vite.cli.config.ts), which the server and Electron start.
 */
import { availableParallelism, loadavg } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { runExperiment } from '../engine/experiment-runner';
import { figureOf } from '../../shared/theory/gallery-figure';
import { serve } from '../files/thread-rpc';
import type { TheoryFigureRequest } from './theory-figure';

const port = parentPort;
if (!port) throw new Error('theory-worker.ts must run in a worker thread');

serve<TheoryFigureRequest, unknown>(port, async ({ experiment, baseDir, frames }) => {
  const start = performance.now();
  const cores = availableParallelism();
  const threads = loadavg()[0]! >= cores ? 1 : cores;
  const recording = await runExperiment(experiment, { baseDir, threads });
  const figure = figureOf(recording, frames, performance.now() - start);
  const transfer = figure.runs.flatMap((r) => r.frames.map((f) => f.positions.buffer as ArrayBuffer));
  return { value: figure, transfer };
});
