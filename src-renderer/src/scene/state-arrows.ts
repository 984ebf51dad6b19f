/**
 * Arrows at each run's head (its first particle), lifted slightly above the surface: the way its first
 * moment pushes it — −v for heavy-ball momentum, −m (−μ) for the averaged forms, Adam and Lion — in the
 * run's colour, and the steepest descent −∇L (every optimizer, SGD too), shorter and paler. The lengths
 * are fixed; only the directions are read.
 */
import * as THREE from 'three';
import { firstMomentSlot } from '../../../shared/optim/averages';
import type { RunTrack } from '../lib/tracks';
import type { SurfaceMap } from './mapping';
import type { SceneOverlay } from './overlay';

const LENGTH = 0.28;
/** The −∇L arrow: shorter, and its colour mixed this far towards white. */
const GRADIENT_LENGTH = 0.2;
const GRADIENT_PALE = 0.55;
const LIFT = 0.04;

interface Placed {
  from: THREE.Vector3;
  dir: THREE.Vector3;
  color: string;
  length: number;
}

export class StateArrowOverlay implements SceneOverlay {
  readonly group = new THREE.Group();
  private arrows: THREE.ArrowHelper[] = [];
  private key = '';

  update(map: SurfaceMap | null, tracks: readonly RunTrack[], colors: readonly string[]): boolean {
    const placed: Placed[] = [];
    if (map)
      tracks.forEach((track, i) => {
        const f = track.last;
        if (!f || f.positions.length < f.dims || f.dims !== map.dims) return;
        const [x, y] = [f.positions[0]!, f.dims > 1 ? f.positions[1]! : 0];
        const from = new THREE.Vector3(
          map.world(x, 0),
          map.dims > 1 ? map.world(y, 1) : 0,
          map.heightAt(x, y) * map.height + LIFT,
        );
        // A step −u in parameters, in scene units (each axis scaled by its domain).
        const direction = (u: readonly number[]): THREE.Vector3 | null => {
          const d = u.map((v, k) => (-v * 2) / (map.domain[k]![1] - map.domain[k]![0]));
          const dir = new THREE.Vector3(d[0] ?? 0, map.dims > 1 ? (d[1] ?? 0) : 0, 0);
          return dir.length() > 0 && Number.isFinite(dir.length()) ? dir.normalize() : null;
        };
        const color = colors[i] ?? '#ffffff';
        const slot = f.state ? firstMomentSlot(f.state.slots) : -1;
        const moment = f.state && slot >= 0 ? direction(f.state.first[slot]!) : null;
        if (moment) placed.push({ from, dir: moment, color, length: LENGTH });
        const descent = f.gradient ? direction(f.gradient) : null;
        if (descent) {
          const pale = '#' + new THREE.Color(color).lerp(new THREE.Color('#ffffff'), GRADIENT_PALE).getHexString();
          placed.push({ from, dir: descent, color: pale, length: GRADIENT_LENGTH });
        }
      });
    const key = placed.map((a) => [a.from.toArray(), a.dir.toArray(), a.color, a.length].join()).join(';');
    if (key === this.key) return false;
    this.key = key;
    this.clear();
    for (const a of placed) {
      const arrow = new THREE.ArrowHelper(a.dir, a.from, a.length, a.color, 0.09, 0.06);
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
