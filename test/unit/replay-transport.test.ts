/**
 * The replay transport: a recording made by `sgd-lab run` replays its recorded positions bit for bit
 * (as the float32 a live frame carries) with its t, η, loss, examples and τ; seek snaps to the recorded
 * step at or before it; play moves the clock by the speed per tick and stops at the end; the states
 * and frames have the live shapes; changes are refused; a broken recording is refused by path.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Frame, LabState } from '../../shared/contract/lab';
import {
  createReplayTransport,
  indexAt,
  loadableExperiment,
  looksLikeRecording,
  parseRecording,
  type ReplayTimer,
} from '../../shared/contract/replay';
import type { Recording } from '../../shared/experiment/recording';
import { validateExperiment } from '../../shared/experiment/validate';

const BIN = path.resolve(__dirname, '../../bin/sgd-lab.mjs');

/** A timer the test advances by hand: `fire()` runs the one pending callback. */
function manualTimer(): { timer: ReplayTimer; pending: () => number; fire: () => void } {
  let queue: (() => void)[] = [];
  return {
    timer: (cb) => {
      queue.push(cb);
      return () => (queue = queue.filter((c) => c !== cb));
    },
    pending: () => queue.length,
    fire: () => {
      const cb = queue.shift();
      cb?.();
    },
  };
}

/** The 32-bit patterns of `values` rounded to float32 (null → NaN), computed apart from the replay. */
function float32Bits(points: (number | null)[][]): number[] {
  return points.flatMap((p) => p.map((v) => new Uint32Array(new Float32Array([v ?? NaN]).buffer)[0]!));
}

function bits(frame: Frame): number[] {
  return [...new Uint32Array(frame.positions.buffer, frame.positions.byteOffset, frame.positions.length)];
}

/** Two runs with hand-picked numbers; run 1 stops recording at t = 20, run 0 goes on to 30. */
function handRecording(): Recording {
  const spec = {
    title: 'hand',
    seed: 1,
    steps: 30,
    loss: { params: ['x', 'y'] },
    runs: [{ name: 'A' }, { name: 'B' }],
  } as unknown as Recording['spec'];
  const run = (name: string, t: number[], offset: number) => ({
    name,
    t,
    lr: t.map((s) => 0.1 / (1 + s)),
    examples: t.map((s) => 2 * s),
    tau: t.map((s) => 0.1 * s),
    loss: t.map((s) => (s === 10 ? null : 100 - s)),
    positions: t.map((s) => [
      [offset + s, -s],
      [offset + s + 0.5, null],
    ]),
    final: {
      t: t[t.length - 1]!,
      positions: [
        [offset + 99, 1],
        [offset + 98, 2],
        [offset + 97, 3],
      ],
      loss: 1,
    },
    diverged: name === 'B' ? { step: 10, particles: 1 } : null,
  });
  return {
    format: 'sgd-lab/recording',
    version: 1,
    spec,
    backend: 'cpu',
    runs: [run('A', [0, 10, 20, 30], 0), run('B', [0, 10, 20], 1000)],
  };
}

function collect(transport: ReturnType<typeof createReplayTransport>) {
  const frames: Frame[] = [];
  const states: LabState[] = [];
  transport.onFrame((f) => frames.push(f));
  transport.onState((s) => states.push(s));
  return { frames, states };
}

describe('replay of a recording made by sgd-lab run', () => {
  let text: string;
  let recording: Recording;

  beforeAll(() => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sgd-replay-'));
    const spec = path.join(dir, 'a.lab.json');
    writeFileSync(
      spec,
      JSON.stringify({
        seed: 3,
        steps: 40,
        loss: { preset: 'rosenbrock' },
        runs: [
          {
            name: 'SGD',
            optimizer: { type: 'sgd', lr: 0.001 },
            gradient: {
              kind: 'gaussian',
              cov: [
                [0.2, 0],
                [0, 0.1],
              ],
            },
          },
          { name: 'Adam', optimizer: { type: 'adam', lr: 0.01 }, particles: 5, spread: 0.2 },
        ],
        record: { every: 7, particles: 3 },
      }),
    );
    const out = path.join(dir, 'out');
    const r = spawnSync(process.execPath, [BIN, 'run', spec, '--out', out, '--threads', '1'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    text = readFileSync(path.join(out, 'recording.json'), 'utf8');
    const parsed = parseRecording(JSON.parse(text));
    if (!parsed.ok) throw new Error(parsed.error);
    recording = parsed.recording;
  }, 120_000);

  it('shows every recorded step with the recorded positions, bit for bit, and its statistics', async () => {
    const replay = createReplayTransport(recording, { timer: manualTimer().timer });
    /** Each run's latest frame, as a view that subscribes now gets it. */
    const latest = (run: number): Frame => {
      let found: Frame | undefined;
      replay.onFrame((f) => f.run === run && (found = f))();
      return found!;
    };
    const times = replay.state().replay!.times;
    expect(times).toEqual([0, 7, 14, 21, 28, 35, 40]);
    for (const [r, run] of recording.runs.entries()) {
      for (const [k, t] of run.t.entries()) {
        expect(await replay.send({ type: 'seek', t })).toEqual({ ok: true });
        const frame = latest(r);
        expect(frame.t).toBe(t);
        expect([frame.lr, frame.examples, frame.tau]).toEqual([run.lr[k], run.examples[k], run.tau[k]]);
        expect(frame.loss).toBe(run.loss[k]);
        // The last step shows every particle (final.positions); the others the recorded ones.
        const points = k === run.t.length - 1 ? run.final.positions : run.positions[k]!;
        expect(points.length).toBe(k === run.t.length - 1 && r === 1 ? 5 : r === 1 ? 3 : 1);
        expect(frame.dims).toBe(2);
        expect(bits(frame)).toEqual(float32Bits(points));
      }
    }
  });

  it('gives its experiment back in a form the lab loads (a preset without its formula)', () => {
    expect(validateExperiment(recording.spec).ok).toBe(false);
    const loadable = loadableExperiment(recording.spec);
    expect(loadable.loss).toEqual({ preset: 'rosenbrock', params: ['x', 'y'], domain: recording.spec.loss.domain });
    const checked = validateExperiment(loadable);
    expect(checked.ok && checked.experiment).toEqual(recording.spec);
  });

  it('exports the very recording it replays, byte for byte', async () => {
    const replay = createReplayTransport(recording, { timer: manualTimer().timer });
    await replay.send({ type: 'seek', t: 21 });
    const reply = await replay.send({ type: 'export' });
    expect(reply.ok).toBe(true);
    expect(JSON.stringify(reply.ok && reply.recording)).toBe(JSON.stringify(JSON.parse(text)));
  });
});

describe('replay clock', () => {
  it('starts at t = 0 with the live state shape, each run paused at its first frame', () => {
    const replay = createReplayTransport(handRecording(), { name: 'hand.json', timer: manualTimer().timer });
    const { frames, states } = collect(replay);
    expect(states).toHaveLength(1);
    expect(states[0]).toEqual({
      experiment: handRecording().spec,
      playing: false,
      stepsPerFrame: 10,
      backend: 'cpu',
      runs: [
        { name: 'A', status: 'paused' },
        { name: 'B', status: 'paused' },
      ],
      replay: { name: 'hand.json', times: [0, 10, 20, 30] },
    });
    expect(frames.map((f) => [f.run, f.t, f.positions.length])).toEqual([
      [0, 0, 4],
      [1, 0, 4],
    ]);
    expect(Array.from(frames[1]!.positions)).toEqual([1000, -0, 1000.5, NaN]);
  });

  it('seeks to the recorded step at or before t, with the passed steps as light history frames', async () => {
    const replay = createReplayTransport(handRecording(), { timer: manualTimer().timer });
    const { frames } = collect(replay);
    frames.length = 0;
    await replay.send({ type: 'seek', t: 25 });
    expect(replay.t).toBe(25);
    // Run A: t = 10 (first particle only), then t = 20 in full; the same for B.
    expect(frames.map((f) => [f.run, f.t, f.positions.length])).toEqual([
      [0, 10, 2],
      [0, 20, 4],
      [1, 10, 2],
      [1, 20, 6],
    ]);
    // B's last recorded step shows all three final particles; it diverged at step 10.
    expect(Array.from(frames[3]!.positions)).toEqual([1099, 1, 1098, 2, 1097, 3]);
    expect(frames[3]!.diverged).toBe(1);
    expect(frames[0]!.loss).toBeNaN();
    expect([frames[1]!.lr, frames[1]!.examples, frames[1]!.tau, frames[1]!.loss]).toEqual([0.1 / 21, 40, 2, 80]);
    frames.length = 0;
    // Back to 12: each run starts over from t = 0 (the view clears its history) up to t = 10.
    await replay.send({ type: 'seek', t: 12 });
    expect(frames.map((f) => [f.run, f.t, f.positions.length])).toEqual([
      [0, 0, 2],
      [0, 10, 4],
      [1, 0, 2],
      [1, 10, 4],
    ]);
    frames.length = 0;
    // The same recorded step again: nothing new to draw.
    await replay.send({ type: 'seek', t: 19 });
    expect(frames).toEqual([]);
    // Past the end: the clock stops at the last recorded step.
    await replay.send({ type: 'seek', t: 1000 });
    expect(replay.t).toBe(30);
    expect(replay.state().runs.map((r) => r.status)).toEqual(['done', 'done']);
  });

  it('gives a joining view each run’s history up to the step it shows, with the first particle’s path', async () => {
    const replay = createReplayTransport(handRecording(), { timer: manualTimer().timer });
    await replay.send({ type: 'seek', t: 25 });
    const reply = await replay.send({ type: 'history' });
    if (!reply.ok) throw new Error(reply.error);
    const [a, b] = reply.history!;
    // Run A shows t = 20: its steps 0, 10, 20 by hand (loss null at 10 is NaN, as in its frames).
    expect(a!.t).toEqual([0, 10, 20]);
    expect(a!.loss).toEqual([100, NaN, 80]);
    expect(a!.lr).toEqual([0.1, 0.1 / 11, 0.1 / 21]);
    expect([a!.examples, a!.tau]).toEqual([
      [0, 20, 40],
      [0, 1, 2],
    ]);
    expect(a!.path).toEqual([0, -0, 10, -10, 20, -20]);
    // Run B's last step is its final one: the path ends at the final first particle.
    expect(b!.t).toEqual([0, 10, 20]);
    expect(b!.path).toEqual([1000, -0, 1010, -10, 1099, 1]);
    await replay.send({ type: 'seek', t: 0 });
    const start = await replay.send({ type: 'history' });
    expect(start.ok && start.history!.map((h) => h.t)).toEqual([[0], [0]]);
  });

  it('thins a long history to evenly spaced steps, always ending at the one shown', async () => {
    const long = handRecording();
    const t = Array.from({ length: 5001 }, (_, i) => i);
    long.runs = [
      {
        ...long.runs[0]!,
        t,
        lr: t.map(() => 0.1),
        examples: t,
        tau: t,
        loss: t,
        positions: t.map((s) => [[s, s]]),
        final: { t: 5000, positions: [[5000, 5000]], loss: 0 },
      },
    ];
    const replay = createReplayTransport(long, { timer: manualTimer().timer });
    await replay.send({ type: 'seek', t: 4999 });
    const reply = await replay.send({ type: 'history' });
    const h = reply.ok ? reply.history![0]! : null;
    // 5,000 steps under a cap of 2,000: every 3rd, then step 4999.
    expect(h!.t.length).toBeLessThanOrEqual(2001);
    expect(h!.t.slice(0, 3)).toEqual([0, 3, 6]);
    expect(h!.t[h!.t.length - 1]).toBe(4999);
    expect(h!.path.length).toBe(2 * h!.t.length);
  });

  it('indexAt is the last index at or before t', () => {
    const times = [0, 10, 20, 30];
    expect([-1, 0, 9, 10, 11, 29, 30, 31].map((t) => indexAt(times, t))).toEqual([0, 0, 0, 1, 1, 2, 3, 3]);
  });

  it('steps by n, at least to the next recorded step', async () => {
    const replay = createReplayTransport(handRecording(), { timer: manualTimer().timer });
    await replay.send({ type: 'step', n: 1 });
    expect(replay.t).toBe(10);
    await replay.send({ type: 'step', n: 15 });
    expect(replay.t).toBe(25);
    await replay.send({ type: 'step', n: 1 });
    expect(replay.t).toBe(30);
  });

  it('plays by the speed per tick, stops at the end, and plays again from the start', async () => {
    const clock = manualTimer();
    const replay = createReplayTransport(handRecording(), { timer: clock.timer });
    const { frames, states } = collect(replay);
    await replay.send({ type: 'speed', stepsPerFrame: 8 });
    await replay.send({ type: 'play' });
    expect(states.at(-1)!.playing).toBe(true);
    expect(states.at(-1)!.runs.map((r) => r.status)).toEqual(['running', 'running']);
    const seen: number[] = [];
    while (clock.pending() > 0) {
      clock.fire();
      seen.push(replay.t);
    }
    expect(seen).toEqual([8, 16, 24, 30]);
    expect(states.at(-1)!.playing).toBe(false);
    expect(states.at(-1)!.runs.map((r) => r.status)).toEqual(['done', 'done']);
    expect(frames.filter((f) => f.run === 0).map((f) => f.t)).toEqual([0, 10, 20, 30]);
    frames.length = 0;
    await replay.send({ type: 'play' });
    expect(frames.map((f) => f.t)).toEqual([0, 0]);
    await replay.send({ type: 'pause' });
    expect(clock.pending()).toBe(0);
  });

  it('reset goes back to t = 0 and pauses', async () => {
    const clock = manualTimer();
    const replay = createReplayTransport(handRecording(), { timer: clock.timer });
    await replay.send({ type: 'play' });
    clock.fire();
    const reply = await replay.send({ type: 'reset' });
    expect(reply.ok).toBe(true);
    expect(replay.t).toBe(0);
    expect(replay.state().playing).toBe(false);
    expect(clock.pending()).toBe(0);
  });

  it('caps the particles sent per frame', async () => {
    const replay = createReplayTransport(handRecording(), { timer: manualTimer().timer });
    const { frames } = collect(replay);
    frames.length = 0;
    await replay.send({ type: 'displayCap', particles: 1 });
    expect(frames.map((f) => f.positions.length)).toEqual([2, 2]);
  });

  it('refuses changes, unknown commands, and a surface without an engine; draws one with it', async () => {
    const replay = createReplayTransport(handRecording(), { timer: manualTimer().timer });
    for (const command of [
      { type: 'load', spec: {} },
      { type: 'setSteps', steps: 5 },
      { type: 'patchRun', index: 0, patch: { field: 'lr', value: 1 } },
      { type: 'removeRun', index: 0 },
    ] as const)
      expect(await replay.send(command)).toMatchObject({ ok: false, error: expect.stringMatching(/go back to live/) });
    expect(await replay.send({ type: 'nope' } as never)).toMatchObject({ ok: false, error: /invalid command/ });
    expect(await replay.send({ type: 'surface', resolution: 8 })).toMatchObject({ ok: false });
    const surface = { resolution: 2, domain: [], values: new Float32Array(4), min: 0, max: 1, levels: [] };
    const withEngine = createReplayTransport(handRecording(), {
      timer: manualTimer().timer,
      surface: async (experiment, resolution) => ({ ...surface, resolution, levels: [experiment.steps] }),
    });
    expect(await withEngine.send({ type: 'surface', resolution: 8 })).toEqual({
      ok: true,
      surface: { ...surface, resolution: 8, levels: [30] },
    });
  });
});

describe('recognizing and checking a recording', () => {
  it('knows a recording by its format', () => {
    expect(looksLikeRecording(handRecording())).toBe(true);
    expect(looksLikeRecording({ loss: {}, runs: [] })).toBe(false);
    expect(looksLikeRecording(null)).toBe(false);
  });

  it('refuses arrays of different lengths, steps out of order and a missing experiment, by path', () => {
    const short = handRecording();
    short.runs[1]!.lr.pop();
    expect(parseRecording(short)).toEqual({ ok: false, error: 'invalid recording: runs.1.lr: 2 values for 3 steps' });
    const unordered = handRecording();
    unordered.runs[0]!.t = [0, 20, 10, 30];
    expect(parseRecording(unordered)).toEqual({ ok: false, error: 'invalid recording: runs.0.t: not ascending' });
    expect(parseRecording({ ...handRecording(), spec: { steps: 1 } })).toMatchObject({ ok: false });
    expect(parseRecording({ ...handRecording(), version: 2 })).toMatchObject({ ok: false, error: /version/ });
  });
});
