/**
 * Where the particles of a 1-D run are: a histogram of each run's cloud over the domain, drawn as
 * translucent bars in the run's colour under the loss curve (one height scale for all runs, so their
 * clouds compare), updated with every frame. Nothing for a 2-D loss or a run of one particle.
 */
import * as THREE from 'three';
import type { RunTrack } from '../lib/tracks';
import type { SurfaceMap } from './mapping';
import type { SceneOverlay } from './overlay';
import { disposeChildren } from './dispose';

/** Bins across the domain. */
export const BINS = 64;
/** Height (scene units) of the fullest bin. */
const TALLEST = 0.45;

export interface BinCounts {
  counts: number[];
  /** Particles left of the domain, and right of it (never drawn into the edge bins). */
  below: number;
  above: number;
}

/** Counts of the 1-D `positions` in `bins` equal bins over [lo, hi]; the right edge goes in the last bin. */
export function binCounts(positions: ArrayLike<number>, lo: number, hi: number, bins = BINS): BinCounts {
  const counts = new Array<number>(bins).fill(0);
  let [below, above] = [0, 0];
  const width = (hi - lo) / bins;
  for (let i = 0; i < positions.length; i++) {
    const x = positions[i]!;
    if (!Number.isFinite(x)) continue;
    if (x < lo) below++;
    else if (x > hi) above++;
    else counts[Math.min(bins - 1, Math.floor((x - lo) / width))]!++;
  }
  return { counts, below, above };
}

export class HistogramOverlay implements SceneOverlay {
  readonly group = new THREE.Group();
  private key = '';

  constructor() {
    this.group.name = 'histogram';
  }

  /** Rebuilds the bars from each run's latest frame; true when they changed on screen. */
  update(map: SurfaceMap | null, tracks: readonly RunTrack[], colors: readonly string[]): boolean {
    const hists: { counts: number[]; total: number; color: string }[] = [];
    if (map && map.dims === 1) {
      const [lo, hi] = map.domain[0]!;
      tracks.forEach((track, i) => {
        const frame = track.last;
        if (!frame || frame.dims !== 1 || frame.positions.length < 2) return;
        const { counts } = binCounts(frame.positions, lo, hi);
        hists.push({ counts, total: frame.positions.length, color: colors[i] ?? '#ffffff' });
      });
    }
    const key = JSON.stringify(hists);
    if (key === this.key) return false;
    this.key = key;
    this.clear();
    const tallest = Math.max(0, ...hists.map((h) => Math.max(...h.counts) / h.total));
    hists.forEach((h, r) => {
      if (tallest > 0)
        this.group.add(
          bars(
            h.counts.map((c) => c / h.total / tallest),
            h.color,
            r,
          ),
        );
    });
    return true;
  }

  private clear(): void {
    disposeChildren(this.group);
  }

  dispose(): void {
    this.clear();
  }
}

/** One run's bars (heights in [0, 1] of the tallest), a quad per bin in the plane just behind the curve. */
function bars(heights: number[], color: string, run: number): THREE.Mesh {
  const n = heights.length;
  const y = 0.01 * (run + 1);
  const positions: number[] = [];
  heights.forEach((h, i) => {
    if (h <= 0) return;
    const [x0, x1] = [-1 + (2 * i) / n, -1 + (2 * (i + 1)) / n];
    const z = h * TALLEST;
    positions.push(x0, y, 0, x1, y, 0, x1, y, z, x0, y, 0, x1, y, z, x0, y, z);
  });
  const geometry = new THREE.BufferGeometry();
  geometry.setAttribute('position', new THREE.Float32BufferAttribute(positions, 3));
  const material = new THREE.MeshBasicMaterial({
    color,
    transparent: true,
    opacity: 0.4,
    depthWrite: false,
    side: THREE.DoubleSide,
  });
  return new THREE.Mesh(geometry, material);
}
