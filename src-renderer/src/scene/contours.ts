/**
 * Contour lines of a gridded loss by marching squares: for each level, the segments where the
 * surface crosses it, in grid coordinates (i, j) — the caller maps them to the scene.
 */

/** Segments as [i0, j0, i1, j1, …] per level. */
export function contourSegments(values: Float32Array, G: number, levels: readonly number[]): Float32Array[] {
  return levels.map((level) => {
    const out: number[] = [];
    for (let j = 0; j < G - 1; j++) {
      for (let i = 0; i < G - 1; i++) {
        const a = values[j * G + i]!; // (i, j)
        const b = values[j * G + i + 1]!; // (i+1, j)
        const c = values[(j + 1) * G + i + 1]!; // (i+1, j+1)
        const d = values[(j + 1) * G + i]!; // (i, j+1)
        const code = (a > level ? 1 : 0) | (b > level ? 2 : 0) | (c > level ? 4 : 0) | (d > level ? 8 : 0);
        if (code === 0 || code === 15) continue;
        // Crossing points on the four edges: bottom (a-b), right (b-c), top (d-c), left (a-d).
        const t = (p: number, q: number) => {
          const den = q - p;
          return den === 0 ? 0.5 : (level - p) / den;
        };
        const bottom = () => [i + t(a, b), j];
        const right = () => [i + 1, j + t(b, c)];
        const top = () => [i + t(d, c), j + 1];
        const left = () => [i, j + t(a, d)];
        const seg = (p: number[], q: number[]) => out.push(p[0]!, p[1]!, q[0]!, q[1]!);
        switch (code) {
          case 1:
          case 14:
            seg(left(), bottom());
            break;
          case 2:
          case 13:
            seg(bottom(), right());
            break;
          case 3:
          case 12:
            seg(left(), right());
            break;
          case 4:
          case 11:
            seg(right(), top());
            break;
          case 6:
          case 9:
            seg(bottom(), top());
            break;
          case 7:
          case 8:
            seg(left(), top());
            break;
          case 5:
          case 10: {
            const center = (a + b + c + d) / 4 > level ? 1 : 0;
            if ((code === 5) === (center === 1)) {
              seg(left(), top());
              seg(bottom(), right());
            } else {
              seg(left(), bottom());
              seg(right(), top());
            }
            break;
          }
        }
      }
    }
    return new Float32Array(out);
  });
}

/** Levels to draw when the host gives none: log-spaced for a positive loss, even otherwise. */
export function defaultLevels(min: number, max: number, count = 14): number[] {
  if (!(max > min)) return [];
  const levels: number[] = [];
  if (min >= 0) {
    const d = Math.max((max - min) * 1e-4, 1e-30);
    const lo = Math.log(d);
    const hi = Math.log(max - min + d);
    for (let k = 1; k <= count; k++) levels.push(min - d + Math.exp(lo + ((hi - lo) * k) / (count + 1)));
  } else for (let k = 1; k <= count; k++) levels.push(min + ((max - min) * k) / (count + 1));
  return levels;
}
