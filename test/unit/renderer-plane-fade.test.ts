/**
 * A network's path on its plane fades with its distance off it: each segment's ends take the run's
 * color moved toward the background by the point's fade (red toward black: 1 − f in the red channel,
 * in three's linear working space); a formula's path (no fade) keeps its one color, as before.
 */
import { describe, expect, it } from 'vitest';
import * as THREE from 'three';
import type { LineMaterial } from 'three/examples/jsm/lines/LineMaterial.js';
import type { LineSegments2 } from 'three/examples/jsm/lines/LineSegments2.js';
import { RunPath } from '../../src-renderer/src/scene/run-path';
import type { SurfaceMap } from '../../src-renderer/src/scene/mapping';
import type { RunTrack } from '../../src-renderer/src/lib/tracks';

const map = { world: (v: number) => v / 100, heightAt: () => 0, height: 1 } as unknown as SurfaceMap;
const path = [0, 0, 1, 0, 2, 0];

/** The line's material and its colors (rgb at each segment's start and end). */
function line(p: RunPath): { material: LineMaterial; colors: number[] } {
  const l = p.cachedGroup.children[1] as LineSegments2;
  // Each segment's 8 corners carry its colors (segment-lines.ts): read them at its first corner.
  const [start, end] = ['instanceColorStart', 'instanceColorEnd'].map(
    (name) => l.geometry.getAttribute(name).array as Float32Array,
  );
  const colors = [0, 1].flatMap((s) => [...start!.slice(24 * s, 24 * s + 3), ...end!.slice(24 * s, 24 * s + 3)]);
  return { material: l.material, colors };
}

describe('RunPath fade', () => {
  it('colors each point toward the background by its fade', () => {
    const p = new RunPath('#ff0000');
    p.setFadeTo('#000000');
    const track = { dims: 2, path, fade: [0, 0.5, 0.85] } as unknown as RunTrack;
    p.update(track, map, new THREE.Box3());
    const { material, colors } = line(p);
    expect(material.vertexColors).toBe(true);
    expect(material.color.getHex()).toBe(0xffffff);
    // Segment 0: (1, 0, 0) → (0.5, 0, 0); segment 1: (0.5, 0, 0) → (0.15, 0, 0).
    const expected = [1, 0, 0, 0.5, 0, 0, 0.5, 0, 0, 0.15, 0, 0];
    colors.forEach((c, i) => expect(c).toBeCloseTo(expected[i]!, 6));
    p.dispose();
  });

  it('keeps a formula path in its one color', () => {
    const p = new RunPath('#ff0000');
    p.update({ dims: 2, path } as unknown as RunTrack, map, new THREE.Box3());
    const { material } = line(p);
    expect(material.vertexColors).toBe(false);
    expect(material.color.getHex()).toBe(0xff0000);
    p.dispose();
  });
});
