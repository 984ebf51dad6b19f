/** Colors: the run palette (one color per run everywhere: table, chart, scene), the markers, viridis. */

/**
 * Eight run colors of middle lightness, so each reads on the light and the dark theme alike (contrast
 * ≥ 3 against both backgrounds) and stands apart from the others; no white, black or viridis yellow.
 */
export const RUN_COLORS = ['#e6194b', '#dd6f0f', '#c43bd6', '#0a93d1', '#b5793e', '#e84f95', '#7d5cff', '#838c9c'];

/** The markers of a preset's known points, in colors no run uses. */
export const MARKER_COLORS = { minimum: '#ffffff', saddle: '#101010' } as const;

export function runColor(index: number): string {
  return RUN_COLORS[index % RUN_COLORS.length]!;
}

// Viridis, 11 stops (matplotlib), interpolated linearly.
const VIRIDIS: readonly [number, number, number][] = [
  [0.267, 0.005, 0.329],
  [0.283, 0.141, 0.458],
  [0.254, 0.265, 0.53],
  [0.207, 0.372, 0.553],
  [0.164, 0.471, 0.558],
  [0.128, 0.567, 0.551],
  [0.135, 0.659, 0.518],
  [0.267, 0.749, 0.441],
  [0.478, 0.821, 0.318],
  [0.741, 0.873, 0.15],
  [0.993, 0.906, 0.144],
];

/** Viridis at u ∈ [0, 1], written into out[offset..offset+3). */
export function viridis(u: number, out: Float32Array | number[], offset = 0): void {
  const x = Math.min(1, Math.max(0, Number.isFinite(u) ? u : 0)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  const a = VIRIDIS[i]!;
  const b = VIRIDIS[i + 1]!;
  out[offset] = a[0] + (b[0] - a[0]) * f;
  out[offset + 1] = a[1] + (b[1] - a[1]) * f;
  out[offset + 2] = a[2] + (b[2] - a[2]) * f;
}

export function viridisCss(u: number): string {
  const c = [0, 0, 0];
  viridis(u, c);
  return `rgb(${c.map((v) => Math.round(v * 255)).join(',')})`;
}

const toLinear = (c: number) => (c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4));

/** Viridis in linear RGB, as three.js vertex colors expect. */
export function viridisLinear(u: number, out: Float32Array | number[], offset = 0): void {
  viridis(u, out, offset);
  for (let k = 0; k < 3; k++) out[offset + k] = toLinear(out[offset + k]!);
}
