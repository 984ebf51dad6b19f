/** Linked cameras: a move in one scene reaches every other, once, and a new scene starts in step. */
import { describe, expect, it } from 'vitest';
import { CameraLink, type LinkedScene } from '../../src-renderer/src/lib/camera-link';
import { homePose, type CameraPose } from '../../src-renderer/src/scene/cameras';

/** A scene whose camera is a pose; setting it announces a change, as the orbit controls do. */
class FakeScene implements LinkedScene {
  pose: CameraPose = homePose(2);
  sets = 0;
  private listeners = new Set<() => void>();
  cameraPose(): CameraPose {
    return structuredClone(this.pose);
  }
  setCameraPose(pose: CameraPose): void {
    this.sets++;
    this.pose = structuredClone(pose);
    for (const cb of this.listeners) cb();
  }
  onCameraChange(cb: () => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }
  /** The user drags this scene's camera. */
  drag(position: [number, number, number]): void {
    this.pose.position = position;
    for (const cb of this.listeners) cb();
  }
}

describe('CameraLink', () => {
  it('copies a move in one scene to the others, without echoing it back', () => {
    const link = new CameraLink();
    const [a, b, c] = [new FakeScene(), new FakeScene(), new FakeScene()];
    link.add(a);
    link.add(b);
    link.add(c);
    a.drag([3, 2, 1]);
    expect(b.pose.position).toEqual([3, 2, 1]);
    expect(c.pose.position).toEqual([3, 2, 1]);
    expect(a.sets).toBe(0);
    expect(b.sets).toBe(2);
    expect(link.poses().map((p) => p.position)).toEqual([
      [3, 2, 1],
      [3, 2, 1],
      [3, 2, 1],
    ]);
  });

  it('starts a new scene where the others look from, and forgets an unlinked one', () => {
    const link = new CameraLink();
    const a = new FakeScene();
    link.add(a);
    a.drag([1, 1, 1]);
    const b = new FakeScene();
    const unlink = link.add(b);
    expect(b.pose.position).toEqual([1, 1, 1]);
    unlink();
    a.drag([5, 5, 5]);
    expect(b.pose.position).toEqual([1, 1, 1]);
    expect(link.poses()).toHaveLength(1);
  });
});
