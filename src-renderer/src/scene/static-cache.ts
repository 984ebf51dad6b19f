/**
 * The picture of what does not move (the surface, its contours, labels and markers), kept in an
 * off-screen target with its depth. While the runs play only they are drawn, over a copy of that
 * picture, so a frame costs a full-screen copy plus the particles instead of the whole 256² mesh.
 * The picture is redrawn only when it is `invalidate`d (the camera, the size, the surface changed);
 * between, things that only add to it (a path's new segments) are drawn into it as they come.
 * It is kept in two layers: the base (the surface: costly on a software renderer, ~1 s at 1440×900
 * there) and the picture (the base with the paths over it). A changed path (`invalidatePaths`: an
 * instant mode result, a trail cut) redraws only the picture, from a copy of the base, and only inside
 * the rectangle where the paths lay and lie now when that is known (outside it the two pictures agree).
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

/** A rectangle of the canvas in CSS pixels, origin bottom left (as `damagedRect` gives it). */
export interface CacheRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The smallest rectangle holding both. */
export function unionRect(a: CacheRect, b: CacheRect): CacheRect {
  const [x, y] = [Math.min(a.x, b.x), Math.min(a.y, b.y)];
  return {
    x,
    y,
    width: Math.max(a.x + a.width, b.x + b.width) - x,
    height: Math.max(a.y + a.height, b.y + b.height) - y,
  };
}

export class StaticCache {
  private target: THREE.WebGLRenderTarget | null = null;
  private base: THREE.WebGLRenderTarget | null = null;
  private baseValid = false;
  private readonly quadScene = new THREE.Scene();
  private readonly quadCamera = new THREE.OrthographicCamera(-1, 1, 1, -1, 0, 1);
  private readonly material: THREE.ShaderMaterial;
  private valid = false;
  /** While the picture is stale: the part of it to redraw (CSS pixels, origin bottom left; null: all). */
  private staleRect: CacheRect | null = null;

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
    this.baseValid = false;
    this.staleRect = null;
  }

  /**
   * Only the paths over the base changed, inside `rect` (null: anywhere): the next `draw` redraws them
   * there over a copy of the base (the caller scissors the canvas to the same rectangle).
   */
  invalidatePaths(rect: CacheRect | null = null): void {
    this.staleRect = this.valid ? rect : rect && this.staleRect ? unionRect(rect, this.staleRect) : null;
    this.valid = false;
  }

  /**
   * Draws the picture into the canvas, color and depth. A stale one is made again first: the base
   * from `base` if it is stale too (the first scene's background clears it), then `over` drawn over
   * a copy of it.
   */
  draw(renderer: THREE.WebGLRenderer, base: THREE.Scene[], over: THREE.Scene[], camera: THREE.Camera): void {
    const size = renderer.getDrawingBufferSize(new THREE.Vector2());
    const target = this.ensureTarget(size.x, size.y);
    if (!this.valid) {
      const from = this.ensureBase(size.x, size.y);
      if (!this.baseValid) {
        renderer.setRenderTarget(from);
        for (const scene of base) renderer.render(scene, camera);
        this.baseValid = true;
      }
      const rect = this.staleRect;
      if (rect) {
        const r = renderer.getPixelRatio();
        const [x, y] = [Math.floor(rect.x * r), Math.floor(rect.y * r)];
        target.scissor.set(x, y, Math.ceil((rect.x + rect.width) * r) - x, Math.ceil((rect.y + rect.height) * r) - y);
      }
      target.scissorTest = rect !== null;
      renderer.setRenderTarget(target);
      this.copy(renderer, from);
      for (const scene of over) renderer.render(scene, camera);
      target.scissorTest = false;
      renderer.setRenderTarget(null);
      this.valid = true;
      this.staleRect = null;
    }
    this.copy(renderer, target);
  }

  /** Copies `from`'s color and depth into the bound target (the canvas: null). */
  private copy(renderer: THREE.WebGLRenderer, from: THREE.WebGLRenderTarget): void {
    this.material.uniforms.tColor!.value = from.texture;
    this.material.uniforms.tDepth!.value = from.depthTexture;
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
    this.target = this.replace(this.target, width, height, 0);
    this.valid = false;
    this.staleRect = null;
    return this.target;
  }

  private ensureBase(width: number, height: number): THREE.WebGLRenderTarget {
    if (this.base && this.base.width === width && this.base.height === height) return this.base;
    this.base = this.replace(this.base, width, height, 4);
    this.baseValid = false;
    return this.base;
  }

  /** A half-float target of this size with its depth and `samples` per pixel, in place of `old`. */
  private replace(
    old: THREE.WebGLRenderTarget | null,
    width: number,
    height: number,
    samples: number,
  ): THREE.WebGLRenderTarget {
    old?.depthTexture?.dispose();
    old?.dispose();
    return new THREE.WebGLRenderTarget(width, height, {
      type: THREE.HalfFloatType,
      samples,
      depthTexture: new THREE.DepthTexture(width, height),
    });
  }

  dispose(): void {
    for (const t of [this.target, this.base]) {
      t?.depthTexture?.dispose();
      t?.dispose();
    }
    this.material.dispose();
  }
}
