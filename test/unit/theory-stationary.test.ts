import { describe, expect, it } from 'vitest';
import { matmul, solve, transpose, type Matrix } from '../../shared/theory/linalg';
import { excessLoss, richardson, stationaryCovariance, stationaryResidual } from '../../shared/theory/stationary';

const maxAbs = (m: Matrix) => Math.max(...m.flat().map(Math.abs));

describe('stationary covariance: hand-derived cases', () => {
  it('1-D: C = ηΣ/(2H − ηH²)', () => {
    for (const [H, S, eta] of [
      [1, 1, 0.1],
      [2.5, 0.3, 0.5],
      [0.2, 4, 1],
    ] as const) {
      const C = stationaryCovariance([[H]], [[S]], eta);
      expect(C[0]![0]).toBeCloseTo((eta * S) / (2 * H - eta * H * H), 13);
    }
  });

  it('1-D Langevin with K substeps: C = ηΣ/(2H − (η/K)H²)', () => {
    const [H, S, eta, K] = [2, 0.5, 0.3, 4];
    const C = stationaryCovariance([[H]], [[S]], eta, eta / K);
    expect(C[0]![0]).toBeCloseTo((eta * S) / (2 * H - (eta / K) * H * H), 13);
  });

  it('diagonal H and Σ: each coordinate on its own, no covariance', () => {
    const H = [
      [3, 0],
      [0, 0.5],
    ];
    const S = [
      [0.4, 0],
      [0, 2],
    ];
    const eta = 0.2;
    const C = stationaryCovariance(H, S, eta);
    expect(C[0]![0]).toBeCloseTo((eta * 0.4) / (6 - eta * 9), 13);
    expect(C[1]![1]).toBeCloseTo((eta * 2) / (1 - eta * 0.25), 13);
    expect(C[0]![1]).toBe(0);
    expect(C[1]![0]).toBe(0);
    // ½ tr(HC) by hand.
    expect(excessLoss(H, C)).toBeCloseTo(0.5 * (3 * C[0]![0]! + 0.5 * C[1]![1]!), 14);
  });

  it('non-diagonal 2-D, Σ not ∝ H: satisfies the equation, matches the eigenbasis formula and the SGD recursion', () => {
    // H = Q diag(λ) Qᵀ with a rotation Q; Σ arbitrary SPD.
    const th = 0.6;
    const Q = [
      [Math.cos(th), -Math.sin(th)],
      [Math.sin(th), Math.cos(th)],
    ];
    const lam = [2, 0.3];
    const H = matmul(
      matmul(Q, [
        [lam[0]!, 0],
        [0, lam[1]!],
      ]),
      transpose(Q),
    );
    const S = [
      [1, 0.4],
      [0.4, 0.5],
    ];
    const eta = 0.15;
    const C = stationaryCovariance(H, S, eta);
    expect(maxAbs(stationaryResidual(H, C, S, eta))).toBeLessThan(1e-14);

    // Independent 1: in H's eigenbasis C̃ij = η Σ̃ij / (λi + λj − η λi λj).
    const St = matmul(matmul(transpose(Q), S), Q);
    const Ct = St.map((row, i) => row.map((s, j) => (eta * s) / (lam[i]! + lam[j]! - eta * lam[i]! * lam[j]!)));
    const Cref = matmul(matmul(Q, Ct), transpose(Q));
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) expect(C[i]![j]).toBeCloseTo(Cref[i]![j]!, 13);

    // Independent 2: the covariance recursion of SGD on the quadratic, C ← (I − ηH) C (I − ηH) + η²Σ.
    const A = [
      [1 - eta * H[0]![0]!, -eta * H[0]![1]!],
      [-eta * H[1]![0]!, 1 - eta * H[1]![1]!],
    ];
    let R: Matrix = [
      [0, 0],
      [0, 0],
    ];
    for (let k = 0; k < 20000; k++)
      R = matmul(matmul(A, R), transpose(A)).map((row, i) => row.map((v, j) => v + eta * eta * S[i]![j]!));
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) expect(C[i]![j]).toBeCloseTo(R[i]![j]!, 12);
  });

  it('a singular system (H = 0 along a direction) is refused', () => {
    expect(() =>
      stationaryCovariance(
        [
          [1, 0],
          [0, 0],
        ],
        [
          [1, 0],
          [0, 1],
        ],
        0.1,
      ),
    ).toThrow(/singular/);
  });

  it('Richardson: 2 L(η/2) − L(η) removes the linear term', () => {
    const L = (eta: number) => 0.25 + 0.8 * eta;
    expect(richardson(L(0.05), L(0.1))).toBeCloseTo(0.25, 15);
  });

  it('solve: a 3×3 system needing a pivot', () => {
    const x = solve(
      [
        [0, 2, 1],
        [1, 1, 1],
        [2, 1, 3],
      ],
      [7, 6, 13],
    );
    [1, 2, 3].forEach((v, i) => expect(x[i]).toBeCloseTo(v, 13));
  });
});
