/**
 * The 3D view: a WebGL2 renderer (drawing buffer kept, so PNG and video exports see the picture), a
 * perspective camera with orbit controls and a top-down orthographic one for the 2D view, the
 * surface for the current loss and one layer per run. It renders on demand only: a frame is drawn
 * when something changed (new frames, the camera, a resize), never in a loop. The static part (the
 * surface, and the runs' whole paths, which grow in it in batches: path-batches.ts) is drawn once per
 * camera or surface change and kept (static-cache.ts); new frames of the
 * runs redraw only the runs over it, and only inside the rectangle of the screen where they changed
 * (the canvas keeps its drawing buffer, so the rest of the picture stays as it was).
 */
import * as THREE from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import type { Surface } from '../../../shared/contract/lab';
import type { RunTrack } from '../lib/tracks';
import { disposeTree } from './labels';
import { SurfaceMap } from './mapping';
import type { SceneOverlay } from './overlay';
import { RunLayers } from './run-layers';
import { applyPose, fitOrtho, fitPerspective, homePose, poseOf, type CameraPose, type Cameras } from './cameras';
import { damagedRect } from './damage-rect';
import { isSoftwareRenderer } from './software-renderer';
import { PathBatches } from './path-batches';
import { pickAt, projectTo, type SurfacePoint } from './pointer';
import { StartHandles } from './start-handles';
import { StaticCache } from './static-cache';
import { buildSurface, type SurfaceOptions } from './surface';

export type ViewMode = '3d' | '2d';

export interface Theme {
  dark: boolean;
  background: string;
  text: string;
}

export class LabScene {
  readonly renderer: THREE.WebGLRenderer;
  /** What does not move: lights, the surface, its labels and markers. */
  private readonly scene = new THREE.Scene();
  /** The runs' layers, drawn every frame over the cached static picture. */
  private readonly runScene = new THREE.Scene();
  /** The runs' whole paths, part of the cached picture; and their segments new since the last frame. */
  private readonly pathScene = new THREE.Scene();
  private readonly freshPathScene = new THREE.Scene();
  private readonly cache = new StaticCache();
  private readonly perspective = new THREE.PerspectiveCamera(40, 1, 0.01, 100);
  private readonly ortho = new THREE.OrthographicCamera(-1, 1, 1, -1, 0.01, 100);
  private readonly orbit: OrbitControls;
  private readonly pan: OrbitControls;
  private mode: ViewMode = '3d';
  private surfaceGroup: THREE.Group | null = null;
  private map: SurfaceMap | null = null;
  private readonly runs = new RunLayers();
  /** Handles at the runs' start points (drawn with the runs, over the cached surface). */
  private readonly handles = new StartHandles();
  /** Drawings over the runs by name (ellipses, state arrows); see overlay.ts. */
  private readonly overlays = new Map<string, SceneOverlay>();
  private lastTracks: readonly RunTrack[] = [];
  private lastColors: readonly string[] = [];
  /** The next frame redraws the whole canvas (not only where the runs changed). */
  private whole = true;
  private frameRequest = 0;
  /** When new path segments go into the cached picture. */
  private readonly batches: PathBatches;
  private width = 1;
  private height = 1;
  private dims = 2;
  private theme: Theme;
  /** Whether WebGL rasterizes in software here (then the view draws within a point budget). */
  readonly software: boolean;

  constructor(canvas: HTMLCanvasElement, theme: Theme) {
    this.theme = theme;
    // No multisampling on the canvas: the cached surface is multisampled off-screen, and a plain
    // canvas makes each frame's copy of it several times cheaper on a software renderer.
    this.renderer = new THREE.WebGLRenderer({ canvas, antialias: false, preserveDrawingBuffer: true });
    this.renderer.setPixelRatio(Math.min(window.devicePixelRatio, 2));
    this.renderer.autoClear = false;
    this.software = isSoftwareRenderer(this.renderer.getContext());
    this.scene.add(new THREE.HemisphereLight(0xffffff, 0x404050, 1.4));
    const sun = new THREE.DirectionalLight(0xffffff, 1.6);
    sun.position.set(-1.5, -2, 4);
    this.scene.add(sun);
    // With the runs, not the static picture: they come and go on Play and Pause, and the surface
    // need not be drawn again for that.
    this.runScene.add(this.runs.group, this.handles.group);
    this.pathScene.add(this.runs.cachedGroup);
    this.freshPathScene.add(this.runs.freshGroup);
    this.batches = new PathBatches(this.runs, this.cache, this.freshPathScene, () => this.requestRender());
    this.perspective.up.set(0, 0, 1);
    this.ortho.up.set(0, 1, 0);
    this.orbit = new OrbitControls(this.perspective, canvas);
    this.pan = new OrbitControls(this.ortho, canvas);
    this.pan.enableRotate = false;
    this.pan.screenSpacePanning = true;
    this.pan.enabled = false;
    for (const c of [this.orbit, this.pan]) c.addEventListener('change', () => this.invalidate());
    this.setTheme(theme);
    this.resetCamera();
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    this.scene.background = new THREE.Color(theme.background);
    this.runs.setFadeTo(theme.background);
    this.invalidate();
  }

  get viewMode(): ViewMode {
    return this.mode;
  }

  setMode(mode: ViewMode): void {
    this.mode = mode;
    this.orbit.enabled = mode === '3d';
    this.pan.enabled = mode === '2d';
    this.runs.setFlat(mode === '2d');
    this.invalidate();
  }

  resetCamera(): void {
    applyPose(this.cameras, homePose(this.dims));
    fitOrtho(this.ortho, this.width, this.height);
    this.invalidate();
  }

  resize(width: number, height: number): void {
    this.width = Math.max(1, width);
    this.height = Math.max(1, height);
    this.renderer.setSize(this.width, this.height, false);
    fitPerspective(this.perspective, this.width, this.height);
    fitOrtho(this.ortho, this.width, this.height);
    this.cache.invalidate();
    this.renderNow();
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
    this.handles.setMap(this.map);
    for (const overlay of this.overlays.values()) overlay.update(this.map, this.lastTracks, this.lastColors);
    this.invalidate();
  }

  /** Adds an overlay, replaces the one of the same name, or removes it (null); the old one is disposed. */
  setOverlay(name: string, overlay: SceneOverlay | null): void {
    const old = this.overlays.get(name);
    if (old) {
      this.runScene.remove(old.group);
      old.dispose();
      this.overlays.delete(name);
    }
    if (overlay) {
      this.overlays.set(name, overlay);
      this.runScene.add(overlay.group);
      overlay.update(this.map, this.lastTracks, this.lastColors);
    }
    this.whole = true;
    this.requestRender();
  }

  /** Handles at the runs' start points (null: none for that run), `lit` drawn larger; the rim contrasts with the theme. */
  setStartHandles(starts: readonly (readonly number[] | null)[], colors: readonly string[], lit = -1): void {
    if (!this.handles.set(starts, colors, this.theme.dark ? '#ffffff' : '#101010', lit)) return;
    this.whole = true;
    this.requestRender();
  }

  /** Φ on the surface under a point of the canvas (client coordinates) and the loss there; null off it. */
  pick(clientX: number, clientY: number): SurfacePoint | null {
    return this.map ? pickAt(this.map, this.camera, this.renderer.domElement, clientX, clientY) : null;
  }

  /** Where the point Φ of the surface is on the canvas (client coordinates); null with no surface. */
  project(phi: readonly number[]): { x: number; y: number } | null {
    return this.map ? projectTo(this.map, this.camera, this.renderer.domElement, phi) : null;
  }

  /** Where the cameras look from, for another scene to take (linked split panes). */
  cameraPose(): CameraPose {
    return poseOf(this.cameras);
  }

  setCameraPose(pose: CameraPose): void {
    applyPose(this.cameras, pose);
    this.invalidate();
  }

  /** Calls `cb` whenever the user (or `setCameraPose`) moved a camera; returns the unsubscribe. */
  onCameraChange(cb: () => void): () => void {
    for (const c of [this.orbit, this.pan]) c.addEventListener('change', cb);
    return () => [this.orbit, this.pan].forEach((c) => c.removeEventListener('change', cb));
  }

  /** Whether the pointer turns and pans the camera (off while a start point is dragged). */
  setControlsEnabled(enabled: boolean): void {
    this.orbit.enabled = enabled && this.mode === '3d';
    this.pan.enabled = enabled && this.mode === '2d';
  }

  private get cameras(): Cameras {
    return { perspective: this.perspective, orbit: this.orbit, ortho: this.ortho, pan: this.pan };
  }

  private get camera(): THREE.PerspectiveCamera | THREE.OrthographicCamera {
    return this.mode === '3d' ? this.perspective : this.ortho;
  }

  /** How many of each path's latest points to draw (0: no trails, Infinity: all). */
  setTrail(points: number): void {
    this.runs.setTrail(points);
  }

  /** Draws at most `points` particles a frame, shared between the runs (Infinity: all of them). */
  setPointBudget(points: number): void {
    if (this.runs.setBudget(points)) this.updateRuns(this.lastTracks, this.lastColors);
  }

  /** Particles drawn at the last update, against those the frames carried. */
  get pointsDrawn(): { drawn: number; received: number } {
    return this.runs.points;
  }

  /** Brings the run layers up to date with the tracks. */
  updateRuns(tracks: readonly RunTrack[], colors: readonly string[]): void {
    if (this.runs.update(tracks, colors, this.map)) this.whole = true;
    [this.lastTracks, this.lastColors] = [tracks, colors];
    for (const overlay of this.overlays.values()) if (overlay.update(this.map, tracks, colors)) this.whole = true;
    this.requestRender();
  }

  /** The static picture is stale (camera, size, surface or theme changed): redraw it and the runs. */
  invalidate(): void {
    this.cache.invalidate();
    this.whole = true;
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
    const camera = this.camera;
    const now = performance.now();
    // A valid picture is redrawn only where the runs changed, and where paths drawn again (an instant
    // result) lay and lie now — when that is known and no new segments wait outside it.
    const rebuild = this.runs.takeRebuild();
    const boxes = [rebuild.area ?? new THREE.Box3(), ...this.runs.takeDamage()];
    const partial =
      !this.whole && this.cache.isValid && rebuild.area !== null && !(rebuild.rebuild && this.runs.hasFresh);
    let rect = partial ? damagedRect(boxes, camera, this.perspective, this.width, this.height) : null;
    if (rebuild.rebuild) this.cache.invalidatePaths((rect = rect === 'none' ? null : rect));
    else this.batches.flush(this.renderer, camera, now);
    this.whole = false;
    if (rect === 'none') return this.batches.schedule();
    // The cached picture covers the canvas (or the rectangle), color and depth: no clear is needed.
    if (rect) {
      this.renderer.setScissor(rect.x, rect.y, rect.width, rect.height);
      this.renderer.setScissorTest(true);
    }
    const redrawn = !this.cache.isValid;
    this.cache.draw(this.renderer, [this.scene], [this.pathScene], camera);
    this.batches.drawOver(this.renderer, camera, redrawn, now);
    this.renderer.render(this.runScene, camera);
    this.renderer.setScissorTest(false);
    this.batches.schedule();
  }

  dispose(): void {
    if (this.frameRequest) cancelAnimationFrame(this.frameRequest);
    this.batches.dispose();
    this.orbit.dispose();
    this.pan.dispose();
    this.runs.dispose();
    for (const overlay of this.overlays.values()) overlay.dispose();
    this.overlays.clear();
    if (this.surfaceGroup) disposeTree(this.surfaceGroup);
    this.handles.dispose();
    this.cache.dispose();
    this.renderer.dispose();
  }
}
