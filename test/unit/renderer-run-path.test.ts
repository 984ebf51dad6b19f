/**
 * A run's path and the cached picture: a whole path asks for the picture to be redrawn once, then
 * only its new segments wait to be drawn into it (the line also over the path's last stretch, which
 * the new outline darkens); a short trail lives outside the picture; leaving the picture, a color
 * change or a new track ask for a redraw.
 */
import { describe, expect, it } from 'vitest';
import * as THREE from 'three';
import type { LineSegments2 } from 'three/examples/jsm/lines/LineSegments2.js';
import { RunPath } from '../../src-renderer/src/scene/run-path';
import type { SurfaceMap } from '../../src-renderer/src/scene/mapping';
import type { RunTrack } from '../../src-renderer/src/lib/tracks';

/** Scene x = Φ₀ / 100, y = Φ₁ / 100, height 0: a unit step is 0.01 scene units. */
const map = { world: (v: number) => v / 100, heightAt: () => 0, height: 1 } as unknown as SurfaceMap;
const track = (points: number): RunTrack =>
  ({ dims: 2, path: Array.from({ length: points }, (_, i) => [i, 0]).flat() }) as unknown as RunTrack;
/** Segments each line of a group draws (18 indices each: segment-lines.ts). */
const drawn = (group: THREE.Group) => group.children.map((l) => (l as LineSegments2).geometry.drawRange.count / 18);

describe('RunPath', () => {
  it('draws a whole path into the cached picture once, then only the new segments', () => {
    const path = new RunPath('#ff0000');
    const damage = new THREE.Box3();
    expect(path.update(track(5), map, damage)).toBe(true);
    expect(path.takeRebuild()).not.toBeNull();
    expect(path.takeRebuild()).toBeNull();
    expect(drawn(path.cachedGroup)).toEqual([4, 4]);
    expect(path.liveGroup.children).toHaveLength(0);
    expect(path.hasFresh).toBe(false);

    damage.makeEmpty();
    expect(path.update(track(8), map, damage)).toBe(false);
    expect(path.takeRebuild()).toBeNull();
    expect(path.hasFresh).toBe(true);
    // Outline: the 3 new segments. Line: those and the last 6 (0.06 scene units) before them.
    expect(drawn(path.freshGroup)).toEqual([3, 3 + 4]);
    expect(drawn(path.cachedGroup)).toEqual([7, 7]);
    // Damage covers the new segments, from point 4 to point 7.
    expect(damage.min.x).toBeCloseTo(0.04, 6);
    expect(damage.max.x).toBeCloseTo(0.07, 6);

    // Two updates before a frame: the fresh segments add up (the line once more over nothing old).
    path.update(track(10), map, new THREE.Box3());
    expect(drawn(path.freshGroup)).toEqual([5, 9]);
    path.clearFresh();
    expect(path.hasFresh).toBe(false);
    expect(drawn(path.freshGroup)).toEqual([0, 0]);
    path.dispose();
  });

  it('goes back over at most the last 0.06 of the path with the line', () => {
    const path = new RunPath('#ff0000');
    // Segments 0.0125 long: 4 make 0.05, the 5th reaches 0.0625.
    const wide = { ...map, world: (v: number) => v / 80 } as unknown as SurfaceMap;
    path.update(track(40), wide, new THREE.Box3());
    path.takeRebuild();
    path.update(track(41), wide, new THREE.Box3());
    expect(drawn(path.freshGroup)).toEqual([1, 1 + 5]);
    path.dispose();
  });

  it('asks for a redraw when the path leaves the picture, changes color or is drawn anew', () => {
    const path = new RunPath('#ff0000');
    path.update(track(5), map, new THREE.Box3());
    path.takeRebuild();
    path.setTrail(50);
    expect(path.takeRebuild()).not.toBeNull();
    expect(path.liveGroup.children).toHaveLength(2);
    expect(path.cachedGroup.children).toHaveLength(0);
    path.update(track(6), map, new THREE.Box3());
    expect(path.hasFresh).toBe(false);
    expect(path.takeRebuild()).toBeNull();

    path.setTrail(Infinity);
    path.update(track(6), map, new THREE.Box3());
    expect(path.takeRebuild()).not.toBeNull();
    path.setColor('#ff0000');
    path.update(track(6), map, new THREE.Box3());
    expect(path.takeRebuild()).toBeNull();
    path.setColor('#00ff00');
    path.update(track(6), map, new THREE.Box3());
    expect(path.takeRebuild()).not.toBeNull();
    path.redraw();
    path.update(track(0), map, new THREE.Box3());
    // The picture held 5 segments of the old path: it must lose them.
    expect(path.takeRebuild()).not.toBeNull();
    path.update(track(0), map, new THREE.Box3());
    expect(path.takeRebuild()).toBeNull();

    path.setTrail(0);
    expect(path.liveGroup.children).toHaveLength(0);
    expect(path.cachedGroup.children).toHaveLength(0);
    path.dispose();
  });
});
