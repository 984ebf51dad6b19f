/**
 * The run palette against the definitions it claims: WCAG 2 contrast of each run color against both
 * themes' backgrounds, CIE L*a*b* distance between any two runs, markers in colors no run uses.
 */
import { describe, expect, it } from 'vitest';
import { MARKER_COLORS, RUN_COLORS, runColor } from '../../src-renderer/src/lib/colors';

const BACKGROUNDS = { dark: '#111318', light: '#f3f4f7' };

const channels = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
const linear = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);

/** WCAG 2 relative luminance and contrast ratio. */
function luminance(hex: string): number {
  const [r, g, b] = channels(hex).map(linear) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
function contrast(a: string, b: string): number {
  const [lo, hi] = [luminance(a), luminance(b)].sort((x, y) => x - y) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** sRGB → CIE L*a*b* (D65). */
function lab(hex: string): [number, number, number] {
  const [r, g, b] = channels(hex).map(linear) as [number, number, number];
  const x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
  const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t) / 116 + 16 / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}

describe('run colors', () => {
  it('has at least eight, each readable on both themes', () => {
    expect(RUN_COLORS.length).toBeGreaterThanOrEqual(8);
    for (const color of RUN_COLORS) {
      expect(contrast(color, BACKGROUNDS.dark), `${color} on dark`).toBeGreaterThanOrEqual(3);
      expect(contrast(color, BACKGROUNDS.light), `${color} on light`).toBeGreaterThanOrEqual(3);
    }
  });

  it('keeps any two runs apart (ΔE*ab ≥ 25) and cycles after the last', () => {
    for (let i = 0; i < RUN_COLORS.length; i++)
      for (let j = i + 1; j < RUN_COLORS.length; j++) {
        const [a, b] = [lab(RUN_COLORS[i]!), lab(RUN_COLORS[j]!)];
        expect(
          Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]),
          `${RUN_COLORS[i]} vs ${RUN_COLORS[j]}`,
        ).toBeGreaterThan(25);
      }
    expect(runColor(RUN_COLORS.length)).toBe(RUN_COLORS[0]);
  });

  it('marks minima and saddles in colors far from every run', () => {
    for (const marker of Object.values(MARKER_COLORS))
      for (const color of RUN_COLORS) {
        const [a, b] = [lab(marker), lab(color)];
        expect(Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2])).toBeGreaterThan(40);
      }
  });
});
