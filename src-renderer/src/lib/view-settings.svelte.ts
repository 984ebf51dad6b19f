/**
 * How the 3-D view is looked at, shared by the viewport's controls and the keyboard shortcuts: the
 * view mode, the trail length, the 1-D histogram, the point budget and a request to reset the camera.
 */
export type ViewMode = '3d' | '2d';

class ViewSettings {
  mode = $state<ViewMode>('3d');
  /** Path points drawn per run (0: none, Infinity: all). */
  trail = $state<number>(Infinity);
  /** Whether a 1-D loss shows the histogram of each run's particles under its curve. */
  histogram = $state(true);
  /** Split panes, one run each (1: every run in one view). */
  panes = $state(1);
  /** Draw every particle even on a software renderer (which otherwise keeps to a point budget). */
  allPoints = $state(false);
  /** Bumped to ask the view to put its camera back. */
  cameraResets = $state(0);
  /** The length trails come back at after being switched off. */
  private trailOn = Infinity;

  setTrail(points: number): void {
    if (points > 0) this.trailOn = points;
    this.trail = points;
  }

  toggleTrail(): void {
    this.setTrail(this.trail > 0 ? 0 : this.trailOn);
  }

  toggleMode(): void {
    this.mode = this.mode === '3d' ? '2d' : '3d';
  }

  resetCamera(): void {
    this.cameraResets++;
  }
}

export const viewSettings = new ViewSettings();
