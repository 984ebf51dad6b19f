/**
 * A network's landscape plane in the view (SPEC §13): least-squares projection of the paths and
 * particles onto a plane whose directions are not orthogonal, the fade with the distance off it,
 * the hover's nearest point and readout, and whether a head has left the grid; every value derived
 * by hand in the comments.
 */
import { describe, expect, it } from 'vitest';
import type { Frame, RunHistory } from '../../shared/contract/lab';
import type { LabPlane } from '../../shared/contract/network';
import { Projector } from '../../shared/landscape/project';
import {
  MAX_FADE,
  fadeOf,
  fadeReference,
  nearestPathPoint,
  outsideGrid,
  readoutParts,
} from '../../src-renderer/src/lib/plane-math';
import { PlaneTrack, type PlaneProjection } from '../../src-renderer/src/lib/plane-track';

/** center (1, 1, 1), d1 = (1, 0, 0), d2 = (1, 1, 0): the plane z = 1, spanned by two non-orthogonal directions. */
const plane = {
  kind: 'points' as const,
  center: Float64Array.from([1, 1, 1]),
  d1: Float64Array.from([1, 0, 0]),
  d2: Float64Array.from([1, 1, 0]),
};
const projection = (fadeRef = 1): PlaneProjection => ({ projector: new Projector(plane), fadeRef });

function frame(t: number, particles: number[][], firstLoss: number): Frame {
  return {
    run: 0,
    t,
    lr: 0.1,
    loss: 1,
    lossMin: 1,
    lossMax: 1,
    examples: t,
    tau: t,
    diverged: 0,
    positions: Float32Array.from(particles.flat()),
    dims: 3,
    model: { testLoss: NaN, accuracy: NaN, testAccuracy: NaN, firstLoss },
  };
}

describe('fade with the distance off the plane', () => {
  it('takes its reference from the grid: a tenth of its mean half-width in Φ', () => {
    // ‖d1‖ = 5, ‖d2‖ = 2; α ∈ [−1, 3] (half-width 2 → 10 in Φ), β ∈ [0, 10] (half-width 5 → 10): ref = 0.1 · 10 = 1.
    const p = {
      d1: [3, 4, 0],
      d2: [0, 0, 2],
      surface: {
        domain: [
          [-1, 3],
          [0, 10],
        ],
      },
    } as unknown as Pick<LabPlane, 'd1' | 'd2' | 'surface'>;
    expect(fadeReference(p)).toBeCloseTo(1, 14);
  });

  it('is d/(d + ref): none on the plane, half at ref, capped, most for a diverged point', () => {
    expect(fadeOf(0, 1)).toBe(0);
    expect(fadeOf(1, 1)).toBe(0.5);
    expect(fadeOf(3, 1)).toBe(0.75);
    expect(fadeOf(0.5, 2)).toBeCloseTo(0.2, 15);
    expect(fadeOf(100, 1)).toBe(MAX_FADE);
    expect(fadeOf(NaN, 1)).toBe(MAX_FADE);
  });
});

describe('PlaneTrack: projection onto the plane', () => {
  it('projects the path by least squares (α, β, off-plane) with each point’s true loss', () => {
    const track = new PlaneTrack();
    // Φ = (1, 1, 1) is the center: α = β = 0, off 0.
    track.addFrame(frame(0, [[1, 1, 1]], 0.7));
    // r = Φ − c = (2, 1, 4): in the plane (x, y) = (2, 1) = α(1, 0) + β(1, 1) → β = 1, α = 1; off = |4|.
    track.addFrame(
      frame(
        1,
        [
          [3, 2, 5],
          [1, 3, 0],
        ],
        0.5,
      ),
    );
    // The same first particle again adds no path point.
    track.addFrame(frame(2, [[3, 2, 5]], 0.4));
    expect(track.sync(projection(4), 100)).toBe(100 - 2 - 1);
    expect(track.dims).toBe(2);
    expect(track.path).toEqual([0, 0, 1, 1]);
    expect(track.offPlane).toEqual([0, 4]);
    // ref 4: fade 4/(4 + 4) = 0.5.
    expect(track.fade).toEqual([0, 0.5]);
    expect(track.trueLoss).toEqual([0.7, 0.5]);
    expect(track.pathT).toEqual([0, 1]);
    // The latest frame's one particle: (3, 2, 5) → (1, 1).
    expect(Array.from(track.last!.positions)).toEqual([1, 1]);
    expect(track.last!.dims).toBe(2);
    expect(track.head).toEqual({ alpha: 1, beta: 1 });
  });

  it('projects every particle of the latest frame', () => {
    const track = new PlaneTrack();
    // (1, 3, 0): r = (0, 2, −1) → β = 2, α = −2; (4, 1, 1): r = (3, 0, 0) → α = 3, β = 0.
    track.addFrame(
      frame(
        5,
        [
          [1, 3, 0],
          [4, 1, 1],
        ],
        0.2,
      ),
    );
    track.sync(projection(), 100);
    expect(Array.from(track.last!.positions)).toEqual([-2, 2, 3, 0]);
    expect(track.offPlane).toEqual([1]);
  });

  it('works within its budget: the path first, over several calls, then the particles', () => {
    const track = new PlaneTrack();
    for (let t = 1; t <= 3; t++) track.addFrame(frame(t, [[1 + t, 1, 1]], t));
    const p = projection();
    expect(track.sync(p, 2)).toBe(0);
    expect(track.path).toEqual([1, 0, 2, 0]);
    expect(track.backlog).toBe(1);
    expect(track.last).toBeNull();
    expect(track.sync(p, 2)).toBe(0);
    expect(track.path).toEqual([1, 0, 2, 0, 3, 0]);
    expect(Array.from(track.last!.positions)).toEqual([3, 0]);
  });

  it('projects again from the first point on a new plane, and starts over at t = 0', () => {
    const track = new PlaneTrack();
    track.addFrame(frame(1, [[2, 1, 1]], 1));
    track.sync(projection(), 10);
    const generation = track.generation;
    // A plane with d1 = (2, 0, 0): the same point is at α = 1/2.
    const wider: PlaneProjection = {
      projector: new Projector({ ...plane, d1: Float64Array.from([2, 0, 0]) }),
      fadeRef: 1,
    };
    track.sync(wider, 10);
    expect(track.generation).toBeGreaterThan(generation);
    expect(track.path).toEqual([0.5, 0]);
    track.addFrame(frame(0, [[1, 1, 1]], 2));
    track.sync(wider, 10);
    expect(track.path).toEqual([0, 0]);
    expect(track.trueLoss).toEqual([2]);
  });

  it('puts a history before the frames: its true losses where its path has a point per step', () => {
    const track = new PlaneTrack();
    track.addFrame(frame(2, [[3, 1, 1]], 0.3));
    const history = {
      t: [0, 1, 2],
      dims: 3,
      path: [1, 1, 1, 2, 1, 1, 3, 1, 1],
      model: { testLoss: [], accuracy: [], testAccuracy: [], firstLoss: [0.9, 0.6, 0.3] },
    } as unknown as RunHistory;
    track.mergeHistoryPath(history);
    track.sync(projection(), 10);
    // t = 2 is the frame's already: only t = 0 and 1 come from the history.
    expect(track.pathT).toEqual([0, 1, 2]);
    expect(track.path).toEqual([0, 0, 1, 0, 2, 0]);
    expect(track.trueLoss).toEqual([0.9, 0.6, 0.3]);
  });
});

describe('hover and grid', () => {
  const surface = {
    domain: [
      [0, 10],
      [0, 20],
    ] as [number, number][],
  };

  it('finds the path point nearest the pointer, by fractions of the grid width, within reach', () => {
    const path = [0, 0, 1, 2, 2, 4];
    // (1.05, 2.1): point 1 is (0.05/10, 0.1/20) = (0.005, 0.005) away, 0.00707 < 0.015.
    expect(nearestPathPoint(path, 1.05, 2.1, surface, 0.015)).toBe(1);
    // (1.5, 3): points 1 and 2 are both (0.05, 0.05) away, out of reach.
    expect(nearestPathPoint(path, 1.5, 3, surface, 0.015)).toBe(-1);
  });

  it('says when a head is outside the grid', () => {
    expect(outsideGrid(5, 10, surface)).toBe(false);
    expect(outsideGrid(10, 20, surface)).toBe(false);
    expect(outsideGrid(10.01, 5, surface)).toBe(true);
    expect(outsideGrid(5, -0.1, surface)).toBe(true);
    expect(outsideGrid(NaN, 5, surface)).toBe(true);
  });

  it('reads "α, β, off-plane d, true L, plane L"', () => {
    const fmt = (v: number, digits: number) => v.toPrecision(digits);
    expect(readoutParts({ alpha: 1, beta: -2, offPlane: 4, trueLoss: 0.5, planeLoss: 0.25 }, fmt)).toEqual([
      'α 1.000',
      'β -2.000',
      'off-plane d 4.00',
      'true L 0.50000',
      'plane L 0.25000',
    ]);
    // On the surface itself: no true L (the point is the plane's).
    expect(readoutParts({ alpha: 0, beta: 0, offPlane: 0, planeLoss: 1 }, fmt)).toHaveLength(4);
  });
});
