/**
 * A run worker (worker_threads): owns the run engines the host assigns to it and answers the host's
 * requests (protocol.ts) one at a time, in order, so a hot change lands before the next step.
 * A run whose engine throws is answered with its reason and dropped; the worker and its other runs go on.
 *
 * Bundled as out/cli/worker.js (vite.cli.config.ts), which the command line, the server and Electron start.
 */
import { parentPort, workerData, type TransferListItem } from 'node:worker_threads';
import type { EngineAdapter, EngineAdapterModule } from './engine-adapter';
import type { InitResult, InstantResult, StepResult, WorkerOptions, WorkerRequest } from './protocol';
import { serve } from '../files/thread-rpc';
import { RunRecorder, transferOf } from './run-recorder';
import { lowerThreadPriority } from './thread-priority';
import type { RunCore } from '../engine/api';
import { patchTo } from '../engine/carry-over';
import { frameParticles, LiveModelRun } from './live-model-run';
import { instantRecord } from './instant-path';
import { historyOf, thinIndices } from '../../shared/contract/instant-record';
import { INSTANT_SUPERSEDED } from '../../shared/contract/instant';

interface Slot {
  engine: RunCore;
  recorder: RunRecorder;
  dims: number;
}

const port = parentPort;
if (!port) throw new Error('worker.ts must run in a worker thread');
const options = (workerData ?? {}) as WorkerOptions;
// The view drawing this worker's frames comes first (thread-priority.ts); Instant mode's prompt worker
// (short computations someone waits on) keeps the user's priority.
if (!options.normalPriority) lowerThreadPriority();

async function loadAdapter(): Promise<EngineAdapter> {
  const mod = (
    options.engineModule ? await import(/* @vite-ignore */ options.engineModule) : await import('./real-engine.ts')
  ) as EngineAdapterModule;
  return mod.createAdapter(options.backend ? { backend: options.backend } : {});
}

const adapter = loadAdapter();
const slots = new Map<number, Slot>();

function slotOf(id: number): Slot {
  const slot = slots.get(id);
  if (!slot) throw new Error('this run is not running (it failed or was removed)');
  return slot;
}

async function stepResult(
  slot: Pick<Slot, 'engine' | 'dims'>,
  max: number,
): Promise<{ value: StepResult; transfer: TransferListItem[] }> {
  const engine = slot.engine;
  const model = engine instanceof LiveModelRun ? engine : null;
  const shown = model ? frameParticles(max, model.D) : max;
  if (engine.sync) await engine.sync(shown);
  const frame = engine.read(Math.max(shown, 0));
  // A copy in float32: the engine's own array may be a view on backend memory that must not be detached.
  const positions = new Float32Array(frame.positions);
  const state = engine.state?.() ?? undefined;
  const gradient = engine.headGradient?.() ?? undefined;
  const stats = frame.stats;
  // A network's measures and its first particle's Φ in float64 (its path, whatever the view shows).
  const first64 = model?.first64();
  const value: StepResult = {
    stats,
    positions,
    dims: slot.dims,
    ...(state ? { state } : {}),
    ...(gradient ? { gradient } : {}),
    ...(model && first64 ? { model: model.frameMeasures(stats), first64 } : {}),
  };
  return { value, transfer: [positions.buffer, ...(first64 ? [first64.buffer] : [])] as ArrayBuffer[] };
}

async function dispatch(req: WorkerRequest): Promise<{ value: unknown; transfer?: TransferListItem[] }> {
  switch (req.type) {
    case 'init': {
      const a = await adapter;
      const engine = await a.createRun(req.experiment, req.runIndex, req.baseDir);
      const dims = engine instanceof LiveModelRun ? engine.D : req.experiment.loss.params.length;
      const { every, particles } = req.experiment.record;
      const read = engine instanceof LiveModelRun ? frameParticles(req.max, dims) : req.max;
      const slot: Slot = { engine, dims, recorder: await RunRecorder.start(engine, every, particles, dims, read) };
      slots.set(req.id, slot);
      const { value, transfer } = await stepResult(slot, req.max);
      const init: InitResult = {
        ...value,
        backend: engine.backend ?? a.backend,
        ...(engine.adapter ? { adapter: engine.adapter } : {}),
      };
      return { value: init, transfer };
    }
    case 'step': {
      const slot = slotOf(req.id);
      try {
        const engine = slot.engine;
        await slot.recorder.advance(
          req.n,
          engine instanceof LiveModelRun ? frameParticles(req.max, engine.D) : req.max,
        );
        return await stepResult(slot, req.max);
      } catch (error) {
        drop(req.id);
        throw error;
      }
    }
    case 'update': {
      const { engine } = slotOf(req.id);
      await engine.setHyper(patchTo(engine.run, req.run));
      return { value: null };
    }
    case 'dispose':
      drop(req.id);
      return { value: null };
    case 'record': {
      const recording = await slotOf(req.id).recorder.result();
      return { value: recording, transfer: transferOf(recording) };
    }
    case 'instant': {
      const engine = await (await adapter).createRun(req.experiment, req.runIndex, req.baseDir);
      try {
        const dims = req.experiment.loss.params.length;
        const stale = () => req.generation < (newestInstant.get(req.runIndex) ?? 0);
        const record = await instantRecord(engine, req.experiment.steps, dims, stale);
        const history = historyOf(record, thinIndices(record, req.experiment.loss.domain));
        const { value, transfer } = await stepResult({ engine, dims }, req.max);
        const result: InstantResult = { history, final: value, record };
        return { value: result, transfer: [...transfer, record.values.buffer as ArrayBuffer] };
      } finally {
        engine.dispose();
      }
    }
    case 'surface': {
      const surface = await (await adapter).surface(req.experiment, req.resolution, req.baseDir);
      return { value: surface, transfer: [surface.values.buffer as ArrayBuffer] };
    }
  }
}

function drop(id: number): void {
  const slot = slots.get(id);
  slots.delete(id);
  try {
    slot?.engine.dispose();
  } catch {
    // a broken engine may fail to clean up; it is gone either way
  }
}

/**
 * Runs whose dispose has arrived but not yet been reached in the queue: their requests still queued
 * (steps, changes, a recording, even the engine's build) are answered at once without being done, so
 * a replaced experiment's runs free the worker for the new ones instead of stepping on.
 */
const disposing = new Set<number>();
/**
 * Per run index, the latest instant request's generation that arrived: an older one for that run still
 * computing stops (the host asks again only for a run whose path changed; the others' results it keeps).
 */
const newestInstant = new Map<number, number>();

serve<WorkerRequest, unknown>(
  port,
  (req) => {
    if (req.type === 'dispose') disposing.delete(req.id);
    else if (req.type === 'instant') {
      if (req.generation < (newestInstant.get(req.runIndex) ?? 0)) throw new Error(INSTANT_SUPERSEDED);
    } else if (req.type !== 'surface' && disposing.has(req.id)) throw new Error('cancelled: the run was removed');
    return dispatch(req);
  },
  {
    arrived: (req) => {
      if (req.type === 'dispose') disposing.add(req.id);
      if (req.type === 'instant')
        newestInstant.set(req.runIndex, Math.max(newestInstant.get(req.runIndex) ?? 0, req.generation));
    },
    // First let the port deliver what is already sent (a step runs synchronously: a dispose behind it
    // would otherwise arrive only after every step queued before it has run).
    yieldFirst: true,
  },
);
