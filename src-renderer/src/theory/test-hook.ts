/**
 * The e2e build's read-only look at the Theory charts' data (`window.__sgdLabTheory`): each run's
 * points as the time chart draws them; and at the computed figures (`window.__sgdLabFigure`): per entry
 * the time from asking to the figure in hand and each run's history. Absent from every other build.
 */
import type { TheoryFigure } from '../../../shared/contract/theory';

declare global {
  interface Window {
    __sgdLabTheory?: { x: number[][]; y: number[][] };
    __sgdLabFigure?: Record<string, { ms: number; engineMs: number; runs: TheoryFigure['runs'][number]['history'][] }>;
  }
}

/** In the e2e build only: publishes the chart's series (x and y per run). */
export function exposeTheorySeries(series: { x: number[]; y: number[] }[]): void {
  if (__SGD_LAB_E2E__) window.__sgdLabTheory = { x: series.map((s) => s.x), y: series.map((s) => s.y) };
}

/** In the e2e build only: publishes a computed figure's timing and histories under its entry's id. */
export function exposeFigureTiming(id: string, ms: number, figure: TheoryFigure): void {
  if (!__SGD_LAB_E2E__) return;
  window.__sgdLabFigure ??= {};
  window.__sgdLabFigure[id] = { ms, engineMs: figure.ms, runs: figure.runs.map((r) => r.history) };
}
