/**
 * Keeps a LabScene equal to what the view shows: the theme, the loss surface (rebuilt only when the
 * surface, its scale, the preset's markers, the parameter names or the theme change — never on a
 * state message that changes none of them), the trail length, the view mode, camera resets, and the
 * runs it draws (every run, or one pane's) and how many of their particles (point-budget.ts).
 */
import { findPreset } from '../../../shared/losses/presets';
import type { LabScene } from '../scene/LabScene';
import { SOFTWARE_POINT_BUDGET } from '../scene/point-budget';
import { runColor } from './colors';
import type { LabStore } from './lab.svelte';
import { theme } from './theme.svelte';
import { viewSettings } from './view-settings.svelte';

export interface SceneBinding {
  /** Whether the surface is drawn on a log scale. */
  logScale(): boolean;
  /** The runs this scene draws (their indices), or null for all of them. */
  runs(): number[] | null;
  /** Told the particles drawn and received whenever they change (the point budget's notice). */
  onPointsDrawn?(points: { drawn: number; received: number }): void;
}

/** Binds `scene` until the returned stop is called. */
export function bindScene(scene: LabScene, store: LabStore, binding: SceneBinding): () => void {
  return $effect.root(() => {
    $effect(() => {
      scene.setTheme(theme.scene);
    });

    let surfaceKey: unknown[] = [];
    $effect(() => {
      const loss = store.experiment?.loss;
      const key = [
        store.surface,
        binding.logScale(),
        loss?.preset ?? '',
        (loss?.params ?? ['x', 'y']).join(','),
        theme.dark,
      ];
      if (key.every((v, i) => v === surfaceKey[i])) return;
      surfaceKey = key;
      const preset = loss?.preset ? findPreset(loss.preset) : undefined;
      scene.setSurface(store.surface, binding.logScale(), {
        params: loss?.params ?? ['x', 'y'],
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

    $effect(() => {
      void store.frameTick;
      void viewSettings.trail;
      void store.surface;
      void binding.logScale();
      const shown = binding.runs() ?? store.tracks.map((_, i) => i);
      const tracks = shown.flatMap((i) => (store.tracks[i] ? [store.tracks[i]] : []));
      scene.updateRuns(
        tracks,
        shown.filter((i) => store.tracks[i]).map((i) => runColor(i)),
      );
      binding.onPointsDrawn?.(scene.pointsDrawn);
    });

    $effect(() => {
      scene.setMode(viewSettings.mode);
    });

    $effect(() => {
      // Not on the first run: the scene starts with its camera in place.
      if (viewSettings.cameraResets > 0) scene.resetCamera();
    });
  });
}
