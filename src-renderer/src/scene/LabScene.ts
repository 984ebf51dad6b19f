/**
 * The 3D view: a WebGL2 renderer (drawing buffer kept, so PNG and video exports see the picture), a
 * perspective camera with orbit controls and a top-down orthographic one for the 2D view, the
 * surface for the current loss and one layer per run. It renders on demand only: a frame is drawn
 * when something changed (new frames, the camera, a resize), never in a loop.
 */
import * as THREE from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import type { Surface } from '../../../shared/contract/lab';
import type { RunTrack } from '../lib/tracks';
import { disposeTree } from './labels';
import { SurfaceMap } from './mapping';
import { RunLayer } from './runs';
import { buildSurface, type SurfaceOptions } from './surface';

export type ViewMode = '3d' | '2d';

export interface Theme {
  dark: boolean;
  background: string;
  text: string;
}

export class LabScene {
  readonly renderer: THREE.WebGLRenderer;
  private readonly scene = new THREE.Scene();
  private readonly perspective = new THREE.PerspectiveCamera(40, 1, 0.01, 100);
  private readonly ortho = new THREE.OrthographicCamera(-1, 1, 1, -1, 0.01, 100);
  private readonly orbit: OrbitControls;
  private readonly pan: OrbitControls;
  private mode: ViewMode = '3d';
  private surfaceGroup: THREE.Group | null = null;
  private map: SurfaceMap | null = null;
  private layers: RunLayer[] = [];
  private frameRequest = 0;
  private width = 1;
  private height = 1;
  private dims = 2;
  private theme: Theme;

  constructor(canvas: HTMLCanvasElement, theme: Theme) {
    this.theme = theme;
    this.renderer = new THREE.WebGLRenderer({ canvas, antialias: true, preserveDrawingBuffer: true });
    this.renderer.setPixelRatio(Math.min(window.devicePixelRatio, 2));
    this.scene.add(new THREE.HemisphereLight(0xffffff, 0x404050, 1.4));
    const sun = new THREE.DirectionalLight(0xffffff, 1.6);
    sun.position.set(-1.5, -2, 4);
    this.scene.add(sun);
    this.perspective.up.set(0, 0, 1);
    this.ortho.up.set(0, 1, 0);
    this.orbit = new OrbitControls(this.perspective, canvas);
    this.pan = new OrbitControls(this.ortho, canvas);
    this.pan.enableRotate = false;
    this.pan.screenSpacePanning = true;
    this.pan.enabled = false;
    for (const c of [this.orbit, this.pan]) c.addEventListener('change', () => this.requestRender());
    this.setTheme(theme);
    this.resetCamera();
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    this.scene.background = new THREE.Color(theme.background);
    this.requestRender();
  }

  get viewMode(): ViewMode {
    return this.mode;
  }

  setMode(mode: ViewMode): void {
    this.mode = mode;
    this.orbit.enabled = mode === '3d';
    this.pan.enabled = mode === '2d';
    this.requestRender();
  }

  resetCamera(): void {
    if (this.dims === 1) {
      this.perspective.position.set(0, -3.4, 0.9);
      this.orbit.target.set(0, 0, 0.5);
      this.ortho.position.set(0, -5, 0.5);
      this.ortho.up.set(0, 0, 1);
      this.pan.target.set(0, 0, 0.5);
    } else {
      this.perspective.position.set(1.3, -3.0, 4.4);
      this.orbit.target.set(0, 0, 0.1);
      this.ortho.position.set(0, 0, 5);
      this.ortho.up.set(0, 1, 0);
      this.pan.target.set(0, 0, 0);
    }
    this.ortho.zoom = 1;
    this.orbit.update();
    this.pan.update();
    this.fitOrtho();
    this.requestRender();
  }

  resize(width: number, height: number): void {
    this.width = Math.max(1, width);
    this.height = Math.max(1, height);
    this.renderer.setSize(this.width, this.height, false);
    this.perspective.aspect = this.width / this.height;
    this.perspective.updateProjectionMatrix();
    this.fitOrtho();
    this.renderNow();
  }

  private fitOrtho(): void {
    const aspect = this.width / this.height;
    const half = 1.3;
    const [w, h] = aspect >= 1 ? [half * aspect, half] : [half, half / aspect];
    this.ortho.left = -w;
    this.ortho.right = w;
    this.ortho.top = h;
    this.ortho.bottom = -h;
    this.ortho.updateProjectionMatrix();
  }

  /** Replaces the surface (null: none yet); run layers are redrawn against it. */
  setSurface(surface: Surface | null, logScale: boolean, opts: Omit<SurfaceOptions, 'textColor' | 'dark'>): void {
    if (this.surfaceGroup) {
      this.scene.remove(this.surfaceGroup);
      disposeTree(this.surfaceGroup);
      this.surfaceGroup = null;
    }
    this.map = null;
    if (surface) {
      const dimsChanged = surface.domain.length !== this.dims;
      this.dims = surface.domain.length;
      this.map = new SurfaceMap(surface, logScale);
      this.surfaceGroup = buildSurface(surface, this.map, {
        ...opts,
        textColor: this.theme.text,
        dark: this.theme.dark,
      });
      this.scene.add(this.surfaceGroup);
      if (dimsChanged) this.resetCamera();
    }
    this.requestRender();
  }

  /** Brings the run layers up to date with the tracks. */
  updateRuns(tracks: readonly RunTrack[], colors: readonly string[]): void {
    while (this.layers.length > tracks.length) {
      const layer = this.layers.pop()!;
      this.scene.remove(layer.group);
      layer.dispose();
    }
    while (this.layers.length < tracks.length) {
      const layer = new RunLayer(colors[this.layers.length] ?? '#ffffff');
      this.layers.push(layer);
      this.scene.add(layer.group);
    }
    const map = this.map;
    this.layers.forEach((layer, i) => {
      layer.setColor(colors[i] ?? '#ffffff');
      layer.group.visible = map !== null;
      if (map) layer.update(tracks[i]!, map);
    });
    this.requestRender();
  }

  requestRender(): void {
    if (this.frameRequest) return;
    this.frameRequest = requestAnimationFrame(() => {
      this.frameRequest = 0;
      this.renderNow();
    });
  }

  renderNow(): void {
    this.renderer.render(this.scene, this.mode === '3d' ? this.perspective : this.ortho);
  }

  dispose(): void {
    if (this.frameRequest) cancelAnimationFrame(this.frameRequest);
    this.orbit.dispose();
    this.pan.dispose();
    for (const layer of this.layers) layer.dispose();
    this.layers = [];
    if (this.surfaceGroup) disposeTree(this.surfaceGroup);
    this.renderer.dispose();
  }
}
