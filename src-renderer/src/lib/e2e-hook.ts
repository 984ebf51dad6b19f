/**
 * The end-to-end tests' read-only view of the lab store (`window.__sgdLab` and the two probes below):
 * it exists only in the e2e build (`vite build --mode e2e`, `__SGD_LAB_E2E__`) and has no access to
 * the lab.
 */

/** The read-only hook the end-to-end tests look at; it has no access to the lab. */
export interface TestHook {
  frames: number;
  lastT: number[];
  lastLr: number[];
  /** Particles in the latest frame of each run. */
  particles: number[];
  /** Each run's chart data as the charts see it: its first and last t and how many points. */
  charts: { first: number; last: number; points: number }[];
  /** Each run's start point in the lab's experiment. */
  starts: number[][];
}

declare global {
  interface Window {
    __sgdLab?: TestHook;
    /** e2e build only: where a point Φ of the surface is on the page (client coordinates). */
    __sgdLabProject?: (phi: number[]) => { x: number; y: number } | null;
    /** e2e build only: each linked scene's camera pose. */
    __sgdLabCameras?: () => unknown[];
  }
  /** True only in the end-to-end tests' build (`vite build --mode e2e`): the test hook exists only there. */
  const __SGD_LAB_E2E__: boolean;
}

/** A hook with nothing seen yet. */
export function emptyTestHook(): TestHook {
  return { frames: 0, lastT: [], lastLr: [], particles: [], charts: [], starts: [] };
}

/** In the e2e build only: lets the tests find a point Φ of the surface on the page. */
export function exposeProjection(project: (phi: number[]) => { x: number; y: number } | null): void {
  if (__SGD_LAB_E2E__) window.__sgdLabProject = project;
}

/** In the e2e build only: lets the tests compare the split panes' cameras. */
export function exposeCameras(poses: () => unknown[]): void {
  if (__SGD_LAB_E2E__) window.__sgdLabCameras = poses;
}
