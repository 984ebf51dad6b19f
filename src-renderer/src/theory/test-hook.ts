/**
 * The e2e build's read-only look at the Theory charts' data (`window.__sgdLabTheory`): each run's
 * points as the time chart draws them. Absent from every other build.
 */
declare global {
  interface Window {
    __sgdLabTheory?: { x: number[][]; y: number[][] };
  }
}

/** In the e2e build only: publishes the chart's series (x and y per run). */
export function exposeTheorySeries(series: { x: number[]; y: number[] }[]): void {
  if (__SGD_LAB_E2E__) window.__sgdLabTheory = { x: series.map((s) => s.x), y: series.map((s) => s.y) };
}
