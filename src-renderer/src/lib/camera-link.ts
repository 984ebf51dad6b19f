/**
 * Split panes' cameras moving together: a move in one scene (a drag, a zoom, a reset) is copied to
 * every other linked scene, and a scene that joins starts where the others look from.
 */
import type { CameraPose } from '../scene/cameras';

/** What the link needs of a scene (a LabScene). */
export interface LinkedScene {
  cameraPose(): CameraPose;
  setCameraPose(pose: CameraPose): void;
  onCameraChange(cb: () => void): () => void;
}

export class CameraLink {
  private readonly scenes = new Map<LinkedScene, () => void>();
  /** Set while a pose is being copied: the copies' own change events are not copied back. */
  private syncing = false;

  /** Links `scene`; returns the unlink. */
  add(scene: LinkedScene): () => void {
    const first = this.scenes.keys().next();
    this.scenes.set(
      scene,
      scene.onCameraChange(() => this.moved(scene)),
    );
    if (!first.done) this.copy(first.value.cameraPose(), scene);
    return () => {
      this.scenes.get(scene)?.();
      this.scenes.delete(scene);
    };
  }

  /** Every linked scene's pose (the tests compare them). */
  poses(): CameraPose[] {
    return [...this.scenes.keys()].map((s) => s.cameraPose());
  }

  private moved(from: LinkedScene): void {
    if (this.syncing) return;
    const pose = from.cameraPose();
    for (const scene of this.scenes.keys()) if (scene !== from) this.copy(pose, scene);
  }

  private copy(pose: CameraPose, to: LinkedScene): void {
    this.syncing = true;
    try {
      to.setCameraPose(pose);
    } finally {
      this.syncing = false;
    }
  }
}
