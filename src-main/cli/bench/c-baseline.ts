/**
 * The benchmark's baseline: a one-core C loop doing Adam on Rosenbrock with N(0, 1) gradient noise
 * (a counter-hash generator and Box–Muller, float64), compiled with `gcc -O3` when gcc exists. It
 * prints particle-steps per second; null when no compiler is found.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const SOURCE = String.raw`
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
static inline uint32_t mix(uint32_t x) {
  x ^= x >> 16; x *= 0x7feb352du; x ^= x >> 15; x *= 0x846ca68bu; return x ^ (x >> 16);
}
static inline double uni(uint32_t *s) { *s += 0x9e3779b9u; return (mix(*s) + 0.5) * 2.3283064365386963e-10; }
int main(int argc, char **argv) {
  int P = atoi(argv[1]); int T = atoi(argv[2]);
  double *x = malloc(8 * P), *y = malloc(8 * P), *m = calloc(2 * P, 8), *v = calloc(2 * P, 8);
  for (int i = 0; i < P; i++) { x[i] = -1.5; y[i] = 2; }
  struct timespec a, b; clock_gettime(CLOCK_MONOTONIC, &a);
  const double lr = 1e-4, b1 = 0.9, b2 = 0.999;
  for (int t = 1; t <= T; t++) {
    const double c1 = 1 / (1 - pow(b1, t)), c2 = 1 / (1 - pow(b2, t));
    for (int i = 0; i < P; i++) {
      uint32_t s = mix(mix(i + 0x6a09e667u) + t * 0x27d4eb2fu);
      double u1 = uni(&s), u2 = uni(&s), r = sqrt(-2 * log(u1));
      double xi = x[i], yi = y[i];
      double gx = -2 * (1 - xi) - 400 * xi * (yi - xi * xi) + r * cos(6.283185307179586 * u2);
      double gy = 200 * (yi - xi * xi) + r * sin(6.283185307179586 * u2);
      m[2*i] = b1 * m[2*i] + (1 - b1) * gx; v[2*i] = b2 * v[2*i] + (1 - b2) * gx * gx;
      m[2*i+1] = b1 * m[2*i+1] + (1 - b1) * gy; v[2*i+1] = b2 * v[2*i+1] + (1 - b2) * gy * gy;
      x[i] = xi - lr * c1 * m[2*i] / (sqrt(c2 * v[2*i]) + 1e-8);
      y[i] = yi - lr * c1 * m[2*i+1] / (sqrt(c2 * v[2*i+1]) + 1e-8);
    }
  }
  clock_gettime(CLOCK_MONOTONIC, &b);
  double s = (b.tv_sec - a.tv_sec) + 1e-9 * (b.tv_nsec - a.tv_nsec), chk = 0;
  for (int i = 0; i < P; i++) chk += x[i] + y[i];
  printf("%.6e %.6e\n", (double)P * T / s, chk);
  return 0;
}
`;

/** Particle-steps per second of the C loop at P particles (best of a few runs), or null. */
export function cBaseline(P: number, steps: number): number | null {
  const dir = mkdtempSync(path.join(tmpdir(), 'sgd-lab-bench-'));
  try {
    const src = path.join(dir, 'adam.c');
    const bin = path.join(dir, 'adam');
    writeFileSync(src, SOURCE);
    execFileSync('gcc', ['-O3', '-march=native', '-o', bin, src, '-lm'], { stdio: 'ignore' });
    let best = 0;
    for (let k = 0; k < 3; k++) {
      const out = execFileSync(bin, [String(P), String(steps)], { encoding: 'utf8' });
      best = Math.max(best, Number(out.trim().split(/\s+/)[0]));
    }
    return best;
  } catch {
    return null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
