/**
 * The scene's two cameras as values: fitting the top-down one to the canvas, and a camera pose
 * (both cameras and their controls' targets) that one scene gives and another takes, so split panes
 * look at their runs from the same place.
 */
import type * as THREE from 'three';
import type { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';

type Vec3 = [number, number, number];

export interface CameraPose {
  position: Vec3;
  target: Vec3;
  orthoPosition: Vec3;
  orthoTarget: Vec3;
  orthoUp: Vec3;
  zoom: number;
}

export interface Cameras {
  perspective: THREE.PerspectiveCamera;
  orbit: OrbitControls;
  ortho: THREE.OrthographicCamera;
  pan: OrbitControls;
}

/** The top-down camera showing the domain's square (with a margin) whole, whatever the canvas's shape. */
export function fitOrtho(ortho: THREE.OrthographicCamera, width: number, height: number): void {
  const aspect = width / height;
  const half = 1.3;
  const [w, h] = aspect >= 1 ? [half * aspect, half] : [half, half / aspect];
  ortho.left = -w;
  ortho.right = w;
  ortho.top = h;
  ortho.bottom = -h;
  ortho.updateProjectionMatrix();
}

/** The perspective camera's vertical field of view (degrees) on a canvas at least `WIDE` wide for 1 high. */
const FOV = 40;
const WIDE = 1.25;

/**
 * The perspective camera for a canvas of `width` × `height`: on a canvas narrower than `WIDE` (a
 * split pane, a tall window) the vertical field of view widens so the horizontal one stays what it
 * is at `WIDE`, and the surface is framed whole instead of cut at the sides.
 */
export function fitPerspective(camera: THREE.PerspectiveCamera, width: number, height: number): void {
  const aspect = width / height;
  const half = (FOV * Math.PI) / 360;
  camera.aspect = aspect;
  camera.fov = aspect >= WIDE ? FOV : (360 / Math.PI) * Math.atan((Math.tan(half) * WIDE) / aspect);
  camera.updateProjectionMatrix();
}

/**
 * Where the cameras start: in front of a 1-D curve, or high above a 2-D surface (58° up, from the
 * front and 22° to the left), so that a valley's floor — Rosenbrock's minimum at (1, 1), the paths
 * running down it and their ends — is seen over its near wall (a valley rising to the upper right
 * is looked along, not across), and the whole domain is in the picture.
 */
export function homePose(dims: number): CameraPose {
  return dims === 1
    ? {
        position: [0, -3.4, 0.9],
        target: [0, 0, 0.5],
        orthoPosition: [0, -5, 0.5],
        orthoTarget: [0, 0, 0.5],
        orthoUp: [0, 0, 1],
        zoom: 1,
      }
    : {
        position: [-1.23, -3.04, 5.5],
        target: [0, 0, 0.24],
        orthoPosition: [0, 0, 5],
        orthoTarget: [0, 0, 0],
        orthoUp: [0, 1, 0],
        zoom: 1,
      };
}

export function poseOf({ perspective, orbit, ortho, pan }: Cameras): CameraPose {
  return {
    position: perspective.position.toArray() as Vec3,
    target: orbit.target.toArray() as Vec3,
    orthoPosition: ortho.position.toArray() as Vec3,
    orthoTarget: pan.target.toArray() as Vec3,
    orthoUp: ortho.up.toArray() as Vec3,
    zoom: ortho.zoom,
  };
}

/** Puts the cameras at `pose` (the controls then announce a change, as after a drag). */
export function applyPose({ perspective, orbit, ortho, pan }: Cameras, pose: CameraPose): void {
  perspective.position.fromArray(pose.position);
  orbit.target.fromArray(pose.target);
  ortho.position.fromArray(pose.orthoPosition);
  pan.target.fromArray(pose.orthoTarget);
  ortho.up.fromArray(pose.orthoUp);
  ortho.zoom = pose.zoom;
  ortho.updateProjectionMatrix();
  orbit.update();
  pan.update();
}
