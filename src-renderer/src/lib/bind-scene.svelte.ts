/**
 * Keeps a LabScene equal to what the view shows: the theme, the loss surface (rebuilt only when the
 * surface, its scale, the preset's markers, the parameter names or the theme change — never on a
 * state message that changes none of them), the trail length, the view mode, camera resets, and the
 * runs it draws (every run, or one pane's) and how many of their particles (point-budget.ts).
 */
import { findPreset } from '../../../shared/losses/presets';
import type { LabScene } from '../scene/LabScene';
import type { PlaneView } from './plane.svelte';
import { SOFTWARE_POINT_BUDGET } from '../scene/point-budget';
import { runColor } from './colors';
import type { LabStore } from './lab.svelte';
import { theme } from './theme.svelte';
import { viewSettings } from './view-settings.svelte';
import { Throttle } from './throttle';
import type { RunTrack } from './tracks';

export interface SceneBinding {
  /** Whether the surface is drawn on a log scale. */
  logScale(): boolean;
  /** The runs this scene draws (their indices), or null for all of them. */
  runs(): number[] | null;
  /** Told the particles drawn and received whenever they change (the point budget's notice). */
  onPointsDrawn?(points: { drawn: number; received: number }): void;
  /** A network's landscape plane and its projected runs, drawn in place of the surface and tracks (null: a formula). */
  plane?(): PlaneView | null;
}

/** How often a playing lab's runs are drawn at most on a software renderer (ms: 20 Hz). */
const PLAYING_MS = 50;

/** The landscape plane's axes (SPEC §13: Φ = center + α·d1 + β·d2). */
const PLANE_PARAMS = ['α', 'β'];

/** Binds `scene` until the returned stop is called. */
export function bindScene(scene: LabScene, store: LabStore, binding: SceneBinding): () => void {
  return $effect.root(() => {
    $effect(() => {
      scene.setTheme(theme.scene);
    });

    let surfaceKey: unknown[] = [];
    $effect(() => {
      const loss = store.experiment?.loss;
      const plane = binding.plane?.() ?? null;
      const surface = plane ? plane.surface : store.surface;
      const params = plane ? PLANE_PARAMS : (loss?.params ?? ['x', 'y']);
      const key = [surface, binding.logScale(), loss?.preset ?? '', params.join(','), theme.dark];
      if (key.every((v, i) => v === surfaceKey[i])) return;
      surfaceKey = key;
      const preset = loss?.preset ? findPreset(loss.preset) : undefined;
      scene.setSurface(surface, binding.logScale(), {
        params,
        minima: preset?.minima ?? [],
        saddles: preset?.saddles ?? [],
      });
    });

    $effect(() => {
      // Before the runs are brought up to date below, so the new length is drawn at once.
      scene.setTrail(viewSettings.trail);
    });

    $effect(() => {
      // A software renderer draws within a budget (shared by the panes); "draw all" lifts it.
      const panes = binding.runs() ? Math.max(1, viewSettings.panes) : 1;
      const limited = scene.software && !viewSettings.allPoints;
      scene.setPointBudget(limited ? Math.floor(SOFTWARE_POINT_BUDGET / panes) : Infinity);
    });

    // While the runs play on a software renderer, their new frames are drawn at most every
    // PLAYING_MS (each drawing costs SwiftShader the runs and the compositor a read-back of the whole
    // canvas), and once after the last; anything else (a still lab, a GPU) is drawn at the next frame.
    let latest: { tracks: RunTrack[]; colors: string[] } = { tracks: [], colors: [] };
    const drawRuns = () => {
      scene.updateRuns(latest.tracks, latest.colors);
      binding.onPointsDrawn?.(scene.pointsDrawn);
    };
    const playing = new Throttle(PLAYING_MS, drawRuns);
    $effect(() => {
      void store.frameTick;
      void viewSettings.trail;
      void store.surface;
      void binding.logScale();
      // A faded path (a network's on its plane) is drawn again toward a new theme's background.
      void theme.dark;
      const all = binding.plane?.()?.tracks ?? store.tracks;
      const shown = binding.runs() ?? all.map((_, i) => i);
      const tracks = shown.flatMap((i) => (all[i] ? [all[i]] : []));
      latest = { tracks, colors: shown.filter((i) => all[i]).map((i) => runColor(i)) };
      if (scene.software && store.state?.playing) playing.request();
      else {
        playing.cancel();
        drawRuns();
      }
    });
    $effect(() => () => playing.cancel());

    $effect(() => {
      scene.setMode(viewSettings.mode);
    });

    $effect(() => {
      // Not on the first run: the scene starts with its camera in place.
      if (viewSettings.cameraResets > 0) scene.resetCamera();
    });
  });
}
