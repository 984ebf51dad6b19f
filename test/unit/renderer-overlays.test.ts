/**
 * The scene's theory overlays, as geometry: each covariance ellipse is the 2σ ellipse of its covariance
 * in parameter space, lifted just above the surface as drawn; each state arrow starts at its run's head
 * and points along −(first moment), in scene units.
 */
import { describe, expect, it } from 'vitest';
import type { LineSegments2 } from 'three/examples/jsm/lines/LineSegments2.js';
import * as THREE from 'three';
import type { Frame, Surface } from '../../shared/contract/lab';
import { EllipseOverlay } from '../../src-renderer/src/scene/ellipses';
import { SurfaceMap } from '../../src-renderer/src/scene/mapping';
import { StateArrowOverlay } from '../../src-renderer/src/scene/state-arrows';
import type { RunTrack } from '../../src-renderer/src/lib/tracks';

/** The bowl x² + y² on [0, 2] × [−1, 3], G × G. */
function bowl(G = 65): Surface {
  const domain: [number, number][] = [
    [0, 2],
    [-1, 3],
  ];
  const at = (a: number, k: number) => domain[a]![0] + ((domain[a]![1] - domain[a]![0]) * k) / (G - 1);
  const values = new Float32Array(G * G);
  for (let j = 0; j < G; j++) for (let i = 0; i < G; i++) values[j * G + i] = at(0, i) ** 2 + at(1, j) ** 2;
  let [min, max] = [Infinity, -Infinity];
  for (const v of values) [min, max] = [Math.min(min, v), Math.max(max, v)];
  return { resolution: G, domain, values, min, max, levels: [] };
}

describe('covariance ellipses on the surface', () => {
  it('lie on the 2σ ellipse of their covariance, just above the surface, one line per ellipse', () => {
    const map = new SurfaceMap(bowl(), false);
    const overlay = new EllipseOverlay();
    const cov = [
      [0.04, 0.01],
      [0.01, 0.09],
    ];
    const centre = [1, 1];
    overlay.set([
      { centre, cov, color: '#10b3a3' },
      {
        centre,
        cov: [
          [0.01, 0],
          [0, 0.01],
        ],
        color: '#f2b705',
      },
    ]);
    expect(overlay.update(map)).toBe(true);
    expect(overlay.group.children.length).toBe(2);
    // Unchanged input, same map: nothing to redraw.
    expect(overlay.update(map)).toBe(false);
    const line = overlay.group.children[0] as LineSegments2;
    const start = line.geometry.getAttribute('instanceStart') as THREE.InterleavedBufferAttribute;
    const det = cov[0]![0]! * cov[1]![1]! - cov[0]![1]! ** 2;
    const inv = [
      [cov[1]![1]! / det, -cov[0]![1]! / det],
      [-cov[0]![1]! / det, cov[0]![0]! / det],
    ];
    expect(start.count).toBeGreaterThan(50);
    for (let i = 0; i < start.count; i++) {
      // Scene → parameters: x ∈ [0, 2] and y ∈ [−1, 3] map to [−1, 1].
      const x = ((start.getX(i) + 1) / 2) * 2;
      const y = -1 + ((start.getY(i) + 1) / 2) * 4;
      const [dx, dy] = [x - centre[0]!, y - centre[1]!];
      const q = dx * (inv[0]![0]! * dx + inv[0]![1]! * dy) + dy * (inv[1]![0]! * dx + inv[1]![1]! * dy);
      expect(q).toBeCloseTo(4, 4); // (k = 2)²
      const lift = start.getZ(i) - map.heightAt(x, y) * map.height;
      expect(lift).toBeGreaterThan(0.01);
      expect(lift).toBeLessThan(0.05);
    }
    // Removing them empties the group.
    overlay.set([]);
    expect(overlay.update(map)).toBe(true);
    expect(overlay.group.children.length).toBe(0);
    overlay.dispose();
  });
});

describe('optimizer-state arrows', () => {
  const frame = (positions: number[], first: number[][], slots: string[]): Frame => ({
    run: 0,
    t: 5,
    lr: 0.1,
    loss: 1,
    lossMin: 1,
    lossMax: 1,
    examples: 5,
    tau: 0.5,
    diverged: 0,
    positions: Float32Array.from(positions),
    dims: 2,
    state: { slots, first, mean: first, correction: slots.map(() => 1) },
  });
  const track = (f: Frame) => ({ last: f }) as unknown as RunTrack;

  it('start at each run’s head and point along −m (Adam) or −v (heavy ball); none without a first moment', () => {
    const map = new SurfaceMap(bowl(), false);
    const overlay = new StateArrowOverlay();
    const tracks = [
      track(
        frame(
          [1, 1],
          [
            [2, 0],
            [5, 5],
          ],
          ['m', 'v'],
        ),
      ),
      track(frame([0.5, 2], [[0, -1]], ['v'])),
      track(frame([1, 0], [[3, 3]], ['s'])),
    ];
    expect(overlay.update(map, tracks, ['#e6194b', '#dd6f0f', '#c43bd6'])).toBe(true);
    expect(overlay.group.children.length).toBe(2);
    const [a, b] = overlay.group.children as THREE.Object3D[];
    // Adam's m = (2, 0): the arrow points to −x; heavy ball's v = (0, −1): to +y.
    // ArrowHelper points its own +y axis along the direction.
    const dir = (o: THREE.Object3D) => new THREE.Vector3(0, 1, 0).applyQuaternion(o.quaternion).toArray();
    dir(a!).forEach((c, k) => expect(c).toBeCloseTo([-1, 0, 0][k]!, 6));
    dir(b!).forEach((c, k) => expect(c).toBeCloseTo([0, 1, 0][k]!, 6));
    expect(a!.position.x).toBeCloseTo(map.world(1, 0), 6);
    expect(a!.position.y).toBeCloseTo(map.world(1, 1), 6);
    expect(b!.position.x).toBeCloseTo(map.world(0.5, 0), 6);
    // The same frames again: nothing changed on screen.
    expect(overlay.update(map, tracks, ['#e6194b', '#dd6f0f', '#c43bd6'])).toBe(false);
    overlay.dispose();
    expect(overlay.group.children.length).toBe(0);
  });

  it('draw −∇L at every run’s head (SGD too), shorter and paler than the momentum arrow', () => {
    const map = new SurfaceMap(bowl(), false);
    const overlay = new StateArrowOverlay();
    const sgd: Frame = { ...frame([1, 1], [], []), gradient: [0, 2] };
    delete sgd.state;
    const adam: Frame = { ...frame([0.5, 2], [[2, 0]], ['m']), gradient: [-3, 0] };
    expect(overlay.update(map, [track(sgd), track(adam)], ['#e6194b', '#dd6f0f'])).toBe(true);
    const arrows = overlay.group.children as THREE.ArrowHelper[];
    expect(arrows.length).toBe(3);
    const dir = (o: THREE.Object3D) => new THREE.Vector3(0, 1, 0).applyQuaternion(o.quaternion).toArray();
    const [g0, m1, g1] = arrows;
    // SGD: ∇L = (0, 2), so the arrow points to −y; Adam's −∇L = (3, 0) is +x while its −m is −x.
    dir(g0!).forEach((c, k) => expect(c).toBeCloseTo([0, -1, 0][k]!, 6));
    dir(m1!).forEach((c, k) => expect(c).toBeCloseTo([-1, 0, 0][k]!, 6));
    dir(g1!).forEach((c, k) => expect(c).toBeCloseTo([1, 0, 0][k]!, 6));
    expect(g0!.position.x).toBeCloseTo(map.world(1, 0), 6);
    // The gradient arrow is shorter, and its colour lies between the run's and white.
    const length = (a: THREE.ArrowHelper) => a.line.scale.y + a.cone.scale.y;
    expect(length(g1!)).toBeLessThan(length(m1!));
    const run = new THREE.Color('#dd6f0f');
    const pale = (g1!.line.material as THREE.LineBasicMaterial).color;
    expect(pale.r).toBeGreaterThan(run.r);
    expect(pale.b).toBeGreaterThan(run.b);
    overlay.dispose();
  });
});
