/**
 * What views ask the 3-D scene to draw over the runs: the covariance ellipses of the 2-D stationary
 * experiment (set by its theory view) and the optimizer-state arrows (the runs panel's toggle), and the
 * binding that keeps a LabScene's overlays equal to them.
 */
import { EllipseOverlay, type SceneEllipse } from '../scene/ellipses';
import type { LabScene } from '../scene/LabScene';
import { StateArrowOverlay } from '../scene/state-arrows';

class SceneOverlays {
  /** Ellipses on the surface (empty: none). */
  ellipses = $state.raw<SceneEllipse[]>([]);
  /** Whether each run's optimizer state is shown (numbers in the runs panel, arrows in the scene). */
  showState = $state(false);
}

export const sceneOverlays = new SceneOverlays();

/** Keeps `scene`'s overlays equal to `sceneOverlays` until the returned stop is called. */
export function bindOverlays(scene: LabScene): () => void {
  return $effect.root(() => {
    $effect(() => {
      const list = sceneOverlays.ellipses;
      if (list.length === 0) scene.setOverlay('ellipses', null);
      else {
        const overlay = new EllipseOverlay();
        overlay.set(list);
        scene.setOverlay('ellipses', overlay);
      }
    });
    $effect(() => {
      scene.setOverlay('state-arrows', sceneOverlays.showState ? new StateArrowOverlay() : null);
    });
  });
}
