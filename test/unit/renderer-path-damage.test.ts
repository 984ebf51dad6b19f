/**
 * Where the view redraws when a path changes (#22: an instant result redraws the cached picture only
 * inside the rectangle where the paths lay and lie now). A cached path drawn again whole reports a box
 * holding every point it had and every point it has (RunPath.takeRebuild), nothing when unchanged; a
 * path drawn with the runs (a finite trail) puts both into the frame's damage instead. damagedRect
 * turns boxes into a canvas rectangle, and "everything" for a box that reaches infinity (a diverging
 * run), one reaching behind the camera, or a layer that changed as a whole.
 */
import { describe, expect, it } from 'vitest';
import * as THREE from 'three';
import { RunPath, toScene } from '../../src-renderer/src/scene/run-path';
import { damagedRect } from '../../src-renderer/src/scene/damage-rect';
import { unionRect } from '../../src-renderer/src/scene/static-cache';
import type { SurfaceMap } from '../../src-renderer/src/scene/mapping';
import type { RunTrack } from '../../src-renderer/src/lib/tracks';

const map = { world: (v: number) => v / 100, heightAt: () => 0, height: 1 } as unknown as SurfaceMap;
const track = (path: number[]) => ({ dims: 2, path }) as unknown as RunTrack;

/** The scene points of a 2-D path (as the view places them). */
function scenePoints(path: number[]): THREE.Vector3[] {
  const out = new Float32Array(3);
  return Array.from({ length: path.length / 2 }, (_, i) => {
    toScene(map, path, 2 * i, 2, out, 0);
    return new THREE.Vector3().fromArray(out);
  });
}

const holdsAll = (box: THREE.Box3, points: THREE.Vector3[]) => points.every((p) => box.containsPoint(p));

describe('a changed path: where the view redraws', () => {
  const first = [0, 0, 100, 0, 200, 50];
  const second = [0, 0, -100, 80, -150, 300];

  it('a cached path drawn again whole: the box where it lay and where it lies now', () => {
    const p = new RunPath('#ff0000');
    p.update(track(first), map, new THREE.Box3());
    const drawn = p.takeRebuild();
    expect(drawn).not.toBeNull();
    expect(holdsAll(drawn!, scenePoints(first))).toBe(true);
    // Nothing changed: no redraw.
    p.update(track(first), map, new THREE.Box3());
    expect(p.takeRebuild()).toBeNull();

    p.redraw();
    const damage = new THREE.Box3();
    p.update(track(second), map, damage);
    const box = p.takeRebuild()!;
    expect(holdsAll(box, scenePoints(first))).toBe(true);
    expect(holdsAll(box, scenePoints(second))).toBe(true);
    // Not larger than the two paths together.
    const both = new THREE.Box3().setFromPoints([...scenePoints(first), ...scenePoints(second)]);
    expect(box.equals(both)).toBe(true);
    // Its new segments are in the frame's damage too (drawn over the picture until it takes them).
    expect(holdsAll(damage, scenePoints(second))).toBe(true);
    p.dispose();
  });

  it('a path drawn with the runs (a trail): the frame damage holds where it lay and lies now', () => {
    const p = new RunPath('#00ff00');
    p.setTrail(100);
    p.update(track(first), map, new THREE.Box3());
    p.redraw();
    const damage = new THREE.Box3();
    p.update(track(second), map, damage);
    expect(holdsAll(damage, scenePoints(first))).toBe(true);
    expect(holdsAll(damage, scenePoints(second))).toBe(true);
    expect(p.takeRebuild()).toBeNull();
    p.dispose();
  });
});

describe('damagedRect', () => {
  const camera = new THREE.PerspectiveCamera(50, 2, 0.1, 100);
  camera.position.set(0, 5, 5);
  camera.lookAt(0, 0, 0);
  camera.updateMatrixWorld();
  const rect = (boxes: (THREE.Box3 | null)[]) => damagedRect(boxes, camera, camera, 800, 400);

  it('covers a box inside the canvas, padded by 8 px, and nothing for no change', () => {
    const box = new THREE.Box3(new THREE.Vector3(-0.1, 0, -0.1), new THREE.Vector3(0.1, 0, 0.1));
    const r = rect([box]);
    if (r === null || r === 'none') throw new Error(`expected a rectangle, got ${String(r)}`);
    // The box's centre projects to the canvas centre (400, 200).
    expect(r.x).toBeLessThan(400 - 8);
    expect(r.x + r.width).toBeGreaterThan(400 + 8);
    expect(r.y).toBeLessThan(200 - 8);
    expect(r.y + r.height).toBeGreaterThan(200 + 8);
    expect(r.width).toBeLessThan(200);
    expect(rect([new THREE.Box3()])).toBe('none');
  });

  it('is everything for a layer changed whole, a diverging point, or a point behind the camera', () => {
    const box = new THREE.Box3(new THREE.Vector3(-0.1, 0, -0.1), new THREE.Vector3(0.1, 0, 0.1));
    expect(rect([box, null])).toBeNull();
    expect(rect([box.clone().expandByPoint(new THREE.Vector3(Infinity, 0, 0))])).toBeNull();
    expect(rect([box.clone().expandByPoint(new THREE.Vector3(NaN, 0, 0))])).toBeNull();
    expect(rect([box.clone().expandByPoint(new THREE.Vector3(0, 10, 10))])).toBeNull();
  });

  it('joins two rectangles into the smallest holding both', () => {
    expect(unionRect({ x: 10, y: 20, width: 5, height: 5 }, { x: 0, y: 30, width: 4, height: 10 })).toEqual({
      x: 0,
      y: 20,
      width: 15,
      height: 20,
    });
  });
});
