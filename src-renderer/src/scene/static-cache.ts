/**
 * The picture of what does not move (the surface, its contours, labels and markers), kept in an
 * off-screen target with its depth. While the runs play only they are drawn, over a copy of that
 * picture, so a frame costs a full-screen copy plus the particles instead of the whole 256² mesh.
 * The picture is redrawn only when it is `invalidate`d (the camera, the size, the surface changed);
 * between, things that only add to it (a path's new segments) are drawn into it as they come.
 */
import * as THREE from 'three';

const VERTEX = /* glsl */ `
varying vec2 vUv;
void main() {
  vUv = uv;
  gl_Position = vec4(position.xy, 0.0, 1.0);
}`;

// The copy writes the stored depth too, so the runs drawn after it still hide behind the surface.
const FRAGMENT = /* glsl */ `
uniform sampler2D tColor;
uniform sampler2D tDepth;
varying vec2 vUv;
void main() {
  gl_FragColor = texture2D(tColor, vUv);
  gl_FragDepth = texture2D(tDepth, vUv).x;
  #include <colorspace_fragment>
}`;

export class StaticCache {
  private target: THREE.WebGLRenderTarget | null = null;
  private readonly quadScene = new THREE.Scene();
  private readonly quadCamera = new THREE.OrthographicCamera(-1, 1, 1, -1, 0, 1);
  private readonly material: THREE.ShaderMaterial;
  private valid = false;

  constructor() {
    this.material = new THREE.ShaderMaterial({
      uniforms: { tColor: { value: null }, tDepth: { value: null } },
      vertexShader: VERTEX,
      fragmentShader: FRAGMENT,
      depthTest: true,
      depthWrite: true,
      depthFunc: THREE.AlwaysDepth,
    });
    const quad = new THREE.Mesh(new THREE.PlaneGeometry(2, 2), this.material);
    quad.frustumCulled = false;
    this.quadScene.add(quad);
  }

  /** Whether the stored picture is up to date (a `draw` then only copies it). */
  get isValid(): boolean {
    return this.valid;
  }

  /** The stored picture is stale: the next `draw` renders the static scene again. */
  invalidate(): void {
    this.valid = false;
  }

  /**
   * Draws the picture into the canvas, color and depth; a stale one is rendered again from `scenes`
   * first (the first one's background clears it).
   */
  draw(renderer: THREE.WebGLRenderer, scenes: THREE.Scene[], camera: THREE.Camera): void {
    const size = renderer.getDrawingBufferSize(new THREE.Vector2());
    const target = this.ensureTarget(size.x, size.y);
    if (!this.valid) {
      renderer.setRenderTarget(target);
      for (const scene of scenes) renderer.render(scene, camera);
      renderer.setRenderTarget(null);
      this.valid = true;
    }
    this.material.uniforms.tColor!.value = target.texture;
    this.material.uniforms.tDepth!.value = target.depthTexture;
    renderer.render(this.quadScene, this.quadCamera);
  }

  /**
   * Draws `scene` into the stored picture over what it holds (nothing when it is stale: its redraw
   * will hold it). Each costs a resolve of the whole multisampled picture: add in batches.
   */
  add(renderer: THREE.WebGLRenderer, scene: THREE.Scene, camera: THREE.Camera): void {
    if (!this.valid || !this.target) return;
    renderer.setRenderTarget(this.target);
    renderer.render(scene, camera);
    renderer.setRenderTarget(null);
  }

  private ensureTarget(width: number, height: number): THREE.WebGLRenderTarget {
    if (this.target && this.target.width === width && this.target.height === height) return this.target;
    this.target?.dispose();
    this.target = new THREE.WebGLRenderTarget(width, height, {
      type: THREE.HalfFloatType,
      samples: 4,
      depthTexture: new THREE.DepthTexture(width, height),
    });
    this.valid = false;
    return this.target;
  }

  dispose(): void {
    this.target?.depthTexture?.dispose();
    this.target?.dispose();
    this.material.dispose();
  }
}
