/**
 * Optimizer-state arrows: at each run's head (its first particle) an arrow along the way its first
 * moment pushes it — −v for heavy-ball momentum, −m (−μ) for the averaged forms, Adam and Lion — in the
 * run's colour, lifted slightly above the surface. The length is fixed; only the direction is read.
 */
import * as THREE from 'three';
import { firstMomentSlot } from '../../../shared/optim/averages';
import type { RunTrack } from '../lib/tracks';
import type { SurfaceMap } from './mapping';
import type { SceneOverlay } from './overlay';

const LENGTH = 0.28;
const LIFT = 0.04;

export class StateArrowOverlay implements SceneOverlay {
  readonly group = new THREE.Group();
  private arrows: THREE.ArrowHelper[] = [];
  private key = '';

  update(map: SurfaceMap | null, tracks: readonly RunTrack[], colors: readonly string[]): boolean {
    const placed: { from: THREE.Vector3; dir: THREE.Vector3; color: string }[] = [];
    if (map)
      tracks.forEach((track, i) => {
        const f = track.last;
        const slot = f?.state ? firstMomentSlot(f.state.slots) : -1;
        if (!f?.state || slot < 0 || f.positions.length < f.dims || f.dims !== map.dims) return;
        const p = Array.from(f.positions.subarray(0, f.dims));
        const m = f.state.first[slot]!;
        // The step −m in parameters, then in scene units (each axis scaled by its domain).
        const d = m.map((v, k) => (-v * 2) / (map.domain[k]![1] - map.domain[k]![0]));
        const dir = new THREE.Vector3(d[0] ?? 0, map.dims > 1 ? (d[1] ?? 0) : 0, 0);
        if (!(dir.length() > 0) || !Number.isFinite(dir.length())) return;
        const [x, y] = [p[0]!, p[1] ?? 0];
        const from = new THREE.Vector3(
          map.world(x, 0),
          map.dims > 1 ? map.world(y, 1) : 0,
          map.heightAt(x, y) * map.height + LIFT,
        );
        placed.push({ from, dir: dir.normalize(), color: colors[i] ?? '#ffffff' });
      });
    const key = placed.map((a) => [a.from.toArray(), a.dir.toArray(), a.color].join()).join(';');
    if (key === this.key) return false;
    this.key = key;
    this.clear();
    for (const a of placed) {
      const arrow = new THREE.ArrowHelper(a.dir, a.from, LENGTH, a.color, 0.09, 0.06);
      arrow.renderOrder = 6;
      this.arrows.push(arrow);
      this.group.add(arrow);
    }
    return true;
  }

  private clear(): void {
    for (const a of this.arrows) {
      this.group.remove(a);
      a.dispose();
    }
    this.arrows = [];
  }

  dispose(): void {
    this.clear();
  }
}
