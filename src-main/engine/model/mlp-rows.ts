/**
 * The inner loops of the block passes (mlp-batch.ts), eight units (then four, then one) at a time in
 * registers; every sum runs in the order the one-example passes (mlp.ts) run it, so the results are
 * the same to the bit:
 * - `forwardRows`: z_r[k] = b[k] + Σ_i h_r[i] W[i][k], the inputs added in turn, skipping h_r[i] = 0;
 * - `addBiasGrads`: g_b[k] += Σ_r s·δ_r[k], the rows added in turn;
 * - `addWeightGrads`: g[i][k] += Σ_q a_q δ_{r_q}[k] over one input's nonzero rows q in turn;
 * - `deltaIn`: δ_r[i] = Σ_k W[i][k] δ_r[k], the units added in turn (before act′).
 */

/** z[r·fanOut + k] for rows r < m, from h[r·fanIn + i] and W, b at phi[wo…], phi[bo…]. */
export function forwardRows(
  phi: Float64Array,
  wo: number,
  bo: number,
  fanIn: number,
  fanOut: number,
  h: Float64Array,
  z: Float64Array,
  m: number,
): void {
  const k8 = fanOut - (fanOut % 8);
  const k4 = fanOut - (fanOut % 4);
  for (let r = 0; r < m; r++) {
    const zo = r * fanOut;
    const ho = r * fanIn;
    let k = 0;
    for (; k < k8; k += 8) {
      let z0 = phi[bo + k]!;
      let z1 = phi[bo + k + 1]!;
      let z2 = phi[bo + k + 2]!;
      let z3 = phi[bo + k + 3]!;
      let z4 = phi[bo + k + 4]!;
      let z5 = phi[bo + k + 5]!;
      let z6 = phi[bo + k + 6]!;
      let z7 = phi[bo + k + 7]!;
      for (let i = 0, at = wo + k; i < fanIn; i++, at += fanOut) {
        const a = h[ho + i]!;
        if (a === 0) continue;
        z0 += a * phi[at]!;
        z1 += a * phi[at + 1]!;
        z2 += a * phi[at + 2]!;
        z3 += a * phi[at + 3]!;
        z4 += a * phi[at + 4]!;
        z5 += a * phi[at + 5]!;
        z6 += a * phi[at + 6]!;
        z7 += a * phi[at + 7]!;
      }
      z[zo + k] = z0;
      z[zo + k + 1] = z1;
      z[zo + k + 2] = z2;
      z[zo + k + 3] = z3;
      z[zo + k + 4] = z4;
      z[zo + k + 5] = z5;
      z[zo + k + 6] = z6;
      z[zo + k + 7] = z7;
    }
    for (; k < k4; k += 4) {
      let z0 = phi[bo + k]!;
      let z1 = phi[bo + k + 1]!;
      let z2 = phi[bo + k + 2]!;
      let z3 = phi[bo + k + 3]!;
      for (let i = 0, at = wo + k; i < fanIn; i++, at += fanOut) {
        const a = h[ho + i]!;
        if (a === 0) continue;
        z0 += a * phi[at]!;
        z1 += a * phi[at + 1]!;
        z2 += a * phi[at + 2]!;
        z3 += a * phi[at + 3]!;
      }
      z[zo + k] = z0;
      z[zo + k + 1] = z1;
      z[zo + k + 2] = z2;
      z[zo + k + 3] = z3;
    }
    for (; k < fanOut; k++) {
      let acc = phi[bo + k]!;
      for (let i = 0, at = wo + k; i < fanIn; i++, at += fanOut) {
        const a = h[ho + i]!;
        if (a !== 0) acc += a * phi[at]!;
      }
      z[zo + k] = acc;
    }
  }
}

/** out[bo + k] += Σ_{r < m} s · d[r·fanOut + k] for k < fanOut, the rows added in turn. */
export function addBiasGrads(
  out: Float64Array,
  bo: number,
  fanOut: number,
  d: Float64Array,
  m: number,
  s: number,
): void {
  let k = 0;
  for (; k + 8 <= fanOut; k += 8) {
    let g0 = out[bo + k]!;
    let g1 = out[bo + k + 1]!;
    let g2 = out[bo + k + 2]!;
    let g3 = out[bo + k + 3]!;
    let g4 = out[bo + k + 4]!;
    let g5 = out[bo + k + 5]!;
    let g6 = out[bo + k + 6]!;
    let g7 = out[bo + k + 7]!;
    for (let r = 0, o = k; r < m; r++, o += fanOut) {
      g0 += s * d[o]!;
      g1 += s * d[o + 1]!;
      g2 += s * d[o + 2]!;
      g3 += s * d[o + 3]!;
      g4 += s * d[o + 4]!;
      g5 += s * d[o + 5]!;
      g6 += s * d[o + 6]!;
      g7 += s * d[o + 7]!;
    }
    out[bo + k] = g0;
    out[bo + k + 1] = g1;
    out[bo + k + 2] = g2;
    out[bo + k + 3] = g3;
    out[bo + k + 4] = g4;
    out[bo + k + 5] = g5;
    out[bo + k + 6] = g6;
    out[bo + k + 7] = g7;
  }
  for (; k < fanOut; k++) {
    let acc = out[bo + k]!;
    for (let r = 0, o = k; r < m; r++, o += fanOut) acc += s * d[o]!;
    out[bo + k] = acc;
  }
}

/** out[row + k] += Σ_{q < n} val[q] · d[at[q] + k] for k < fanOut, the terms added in turn. */
export function addWeightGrads(
  out: Float64Array,
  row: number,
  fanOut: number,
  d: Float64Array,
  at: Int32Array,
  val: Float64Array,
  n: number,
): void {
  let k = 0;
  for (; k + 8 <= fanOut; k += 8) {
    let g0 = out[row + k]!;
    let g1 = out[row + k + 1]!;
    let g2 = out[row + k + 2]!;
    let g3 = out[row + k + 3]!;
    let g4 = out[row + k + 4]!;
    let g5 = out[row + k + 5]!;
    let g6 = out[row + k + 6]!;
    let g7 = out[row + k + 7]!;
    for (let q = 0; q < n; q++) {
      const a = val[q]!;
      const o = at[q]! + k;
      g0 += a * d[o]!;
      g1 += a * d[o + 1]!;
      g2 += a * d[o + 2]!;
      g3 += a * d[o + 3]!;
      g4 += a * d[o + 4]!;
      g5 += a * d[o + 5]!;
      g6 += a * d[o + 6]!;
      g7 += a * d[o + 7]!;
    }
    out[row + k] = g0;
    out[row + k + 1] = g1;
    out[row + k + 2] = g2;
    out[row + k + 3] = g3;
    out[row + k + 4] = g4;
    out[row + k + 5] = g5;
    out[row + k + 6] = g6;
    out[row + k + 7] = g7;
  }
  for (; k + 4 <= fanOut; k += 4) {
    let g0 = out[row + k]!;
    let g1 = out[row + k + 1]!;
    let g2 = out[row + k + 2]!;
    let g3 = out[row + k + 3]!;
    for (let q = 0; q < n; q++) {
      const a = val[q]!;
      const o = at[q]! + k;
      g0 += a * d[o]!;
      g1 += a * d[o + 1]!;
      g2 += a * d[o + 2]!;
      g3 += a * d[o + 3]!;
    }
    out[row + k] = g0;
    out[row + k + 1] = g1;
    out[row + k + 2] = g2;
    out[row + k + 3] = g3;
  }
  for (; k < fanOut; k++) {
    let acc = out[row + k]!;
    for (let q = 0; q < n; q++) acc += val[q]! * d[at[q]! + k]!;
    out[row + k] = acc;
  }
}

/** dIn[r·fanIn + i] = Σ_k W[i][k] d[r·fanOut + k] for rows r < m (W at phi[wo…]). */
export function deltaIn(
  phi: Float64Array,
  wo: number,
  fanIn: number,
  fanOut: number,
  d: Float64Array,
  dIn: Float64Array,
  m: number,
): void {
  for (let r = 0; r < m; r++) {
    const dr = r * fanOut;
    const di = r * fanIn;
    let i = 0;
    for (; i + 8 <= fanIn; i += 8) {
      const w0 = wo + i * fanOut;
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      let a4 = 0;
      let a5 = 0;
      let a6 = 0;
      let a7 = 0;
      for (let k = 0, w = w0; k < fanOut; k++, w++) {
        const dk = d[dr + k]!;
        a0 += phi[w]! * dk;
        a1 += phi[w + fanOut]! * dk;
        a2 += phi[w + 2 * fanOut]! * dk;
        a3 += phi[w + 3 * fanOut]! * dk;
        a4 += phi[w + 4 * fanOut]! * dk;
        a5 += phi[w + 5 * fanOut]! * dk;
        a6 += phi[w + 6 * fanOut]! * dk;
        a7 += phi[w + 7 * fanOut]! * dk;
      }
      dIn[di + i] = a0;
      dIn[di + i + 1] = a1;
      dIn[di + i + 2] = a2;
      dIn[di + i + 3] = a3;
      dIn[di + i + 4] = a4;
      dIn[di + i + 5] = a5;
      dIn[di + i + 6] = a6;
      dIn[di + i + 7] = a7;
    }
    for (; i < fanIn; i++) {
      const wr = wo + i * fanOut;
      let acc = 0;
      for (let k = 0; k < fanOut; k++) acc += phi[wr + k]! * d[dr + k]!;
      dIn[di + i] = acc;
    }
  }
}
