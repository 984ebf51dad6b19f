/**
 * The network rows' baseline (issue #20): a one-core C loop training P copies of a 2-16-16-1 tanh
 * network with a logistic output (binary cross-entropy) by Adam on minibatches of B rows drawn with
 * replacement from N rows (a counter-hash generator, as the engine's picks), float64, compiled with
 * `gcc -O3`. Per step and network: forward and backward per example (z = h W + b, h = tanh z;
 * δ_L = σ(z_L) − y, δ_{l−1} = (W_l δ_l) ⊙ (1 − h²)), the mean gradient, then Adam
 * (m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², φ ← φ − η m̂/(√v̂ + ε)) over Φ in SPEC §13's layout.
 * It prints network-steps per second of wall time and of its CPU time.
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
#define L 3
static const int W[L + 1] = {2, 16, 16, 1};
static inline uint32_t mix(uint32_t x) {
  x ^= x >> 16; x *= 0x7feb352du; x ^= x >> 15; x *= 0x846ca68bu; return x ^ (x >> 16);
}
static inline double uni(uint32_t *s) { *s += 0x9e3779b9u; return (mix(*s) + 0.5) * 2.3283064365386963e-10; }
int main(int argc, char **argv) {
  int P = atoi(argv[1]), T = atoi(argv[2]), N = atoi(argv[3]), B = atoi(argv[4]);
  int off[L], D = 0;
  for (int l = 0; l < L; l++) { off[l] = D; D += (W[l] + 1) * W[l + 1]; }
  double *x = malloc(8 * 2 * N), *y = malloc(8 * N);
  uint32_t s0 = 7;
  for (int j = 0; j < N; j++) { x[2*j] = 2 * uni(&s0) - 1; x[2*j+1] = 2 * uni(&s0) - 1; y[j] = x[2*j] * x[2*j+1] > 0; }
  double *phi = malloc(8 * P * D), *m = calloc(P * D, 8), *v = calloc(P * D, 8), *g = malloc(8 * D);
  for (int k = 0; k < P * D; k++) phi[k] = 0.5 * (2 * uni(&s0) - 1);
  double h[L + 1][16], d[L + 1][16];
  struct timespec a, b, ca, cb; clock_gettime(CLOCK_MONOTONIC, &a); clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ca);
  const double lr = 1e-3, b1 = 0.9, b2 = 0.999;
  for (int t = 1; t <= T; t++) {
    const double c1 = 1 / (1 - pow(b1, t)), c2 = 1 / (1 - pow(b2, t));
    for (int p = 0; p < P; p++) {
      double *f = phi + (size_t)p * D;
      uint32_t s = mix(mix(p + 0x6a09e667u) + t * 0x27d4eb2fu);
      for (int k = 0; k < D; k++) g[k] = 0;
      for (int e = 0; e < B; e++) {
        int j = (int)(uni(&s) * N); if (j >= N) j = N - 1;
        h[0][0] = x[2*j]; h[0][1] = x[2*j+1];
        for (int l = 0; l < L; l++) {
          const double *w = f + off[l], *bb = w + W[l] * W[l + 1];
          for (int k = 0; k < W[l + 1]; k++) h[l + 1][k] = bb[k];
          for (int i = 0; i < W[l]; i++) for (int k = 0; k < W[l + 1]; k++) h[l + 1][k] += h[l][i] * w[i * W[l + 1] + k];
          if (l + 1 < L) for (int k = 0; k < W[l + 1]; k++) h[l + 1][k] = tanh(h[l + 1][k]);
        }
        d[L][0] = (1 / (1 + exp(-h[L][0])) - y[j]) / B;
        for (int l = L - 1; l >= 0; l--) {
          const double *w = f + off[l]; double *gw = g + off[l], *gb = gw + W[l] * W[l + 1];
          for (int k = 0; k < W[l + 1]; k++) gb[k] += d[l + 1][k];
          for (int i = 0; i < W[l]; i++) for (int k = 0; k < W[l + 1]; k++) gw[i * W[l + 1] + k] += h[l][i] * d[l + 1][k];
          if (l == 0) break;
          for (int i = 0; i < W[l]; i++) {
            double acc = 0;
            for (int k = 0; k < W[l + 1]; k++) acc += w[i * W[l + 1] + k] * d[l + 1][k];
            d[l][i] = acc * (1 - h[l][i] * h[l][i]);
          }
        }
      }
      double *mp = m + (size_t)p * D, *vp = v + (size_t)p * D;
      for (int k = 0; k < D; k++) {
        mp[k] = b1 * mp[k] + (1 - b1) * g[k]; vp[k] = b2 * vp[k] + (1 - b2) * g[k] * g[k];
        f[k] -= lr * c1 * mp[k] / (sqrt(c2 * vp[k]) + 1e-8);
      }
    }
  }
  clock_gettime(CLOCK_MONOTONIC, &b); clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cb);
  double sec = (b.tv_sec - a.tv_sec) + 1e-9 * (b.tv_nsec - a.tv_nsec), chk = 0;
  double cpu = (cb.tv_sec - ca.tv_sec) + 1e-9 * (cb.tv_nsec - ca.tv_nsec);
  for (int k = 0; k < P * D; k++) chk += phi[k];
  printf("%.6e %d %.6e %.6e\n", (double)P * T / sec, D, chk, (double)P * T / cpu);
  return 0;
}
`;

/** The C loop compiled once: `rate(P, steps)` times one run of it in network-steps per second (`cpu`: of its CPU time). */
export interface MlpCLoop {
  rate(P: number, steps: number, cpu?: { rate: number }): number;
  dispose(): void;
}

/** The C loop over N rows with minibatches of B, compiled with `gcc -O3`; null when no compiler is found. */
export function mlpCLoop(N = 1000, B = 32): MlpCLoop | null {
  const dir = mkdtempSync(path.join(tmpdir(), 'sgd-lab-bench-'));
  const dispose = () => rmSync(dir, { recursive: true, force: true });
  const bin = path.join(dir, 'mlp');
  try {
    const src = path.join(dir, 'mlp.c');
    writeFileSync(src, SOURCE);
    execFileSync('gcc', ['-O3', '-march=native', '-o', bin, src, '-lm'], { stdio: 'ignore' });
  } catch {
    dispose();
    return null;
  }
  return {
    rate(P, steps, cpu) {
      const out = execFileSync(bin, [String(P), String(steps), String(N), String(B)], { encoding: 'utf8' });
      const [rate, D, , cpuRate] = out.trim().split(/\s+/).map(Number);
      if (D !== 337) throw new Error(`the C network has D = ${D}, not 337`);
      if (cpu) cpu.rate = cpuRate!;
      return rate!;
    },
    dispose,
  };
}
