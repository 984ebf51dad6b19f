/**
 * When the runs' new path segments go into the cached picture (run-path.ts, static-cache.ts): at most
 * every FLUSH_MS, since each time costs a resolve of the whole multisampled picture; until then the
 * view draws them with the runs. Once the runs stand still a timer comes back to put in the rest.
 */
import type * as THREE from 'three';
import type { RunLayers } from './run-layers';
import type { StaticCache } from './static-cache';

/** Most often (ms) new path segments are put into the cached picture. */
export const FLUSH_MS = 500;

export class PathBatches {
  private flushedAt = 0;
  private timer: ReturnType<typeof setTimeout> | 0 = 0;

  constructor(
    private readonly runs: RunLayers,
    private readonly cache: StaticCache,
    /** The new segments' scene (the runs' `freshGroup`). */
    private readonly fresh: THREE.Scene,
    /** Asks the view for a frame. */
    private readonly requestRender: () => void,
  ) {}

  /** Puts the new segments into a valid picture if the last batch is old enough. */
  flush(renderer: THREE.WebGLRenderer, camera: THREE.Camera, now: number): void {
    if (!this.cache.isValid || !this.runs.hasFresh || now - this.flushedAt < FLUSH_MS) return;
    this.cache.add(renderer, this.fresh, camera);
    this.runs.clearFresh();
    this.flushedAt = now;
  }

  /** After the picture's copy: a redrawn picture holds every segment, else the new ones are drawn over it. */
  drawOver(renderer: THREE.WebGLRenderer, camera: THREE.Camera, redrawn: boolean, now: number): void {
    if (redrawn) {
      this.runs.clearFresh();
      this.flushedAt = now;
    }
    if (this.runs.hasFresh) renderer.render(this.fresh, camera);
  }

  /** Comes back for the segments still out of the picture. */
  schedule(): void {
    if (this.timer || !this.runs.hasFresh) return;
    this.timer = setTimeout(() => {
      this.timer = 0;
      this.requestRender();
    }, FLUSH_MS);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
  }
}
