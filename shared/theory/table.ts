/** The stationary analysis as a readable text table: measurement beside theory, per run. */
import { whyNoTheory, type Analysis } from './analysis';
import type { Matrix } from './linalg';

/** A number in 6 significant digits; `—` for a missing or undefined value. */
export function fmt(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  if (v === 0) return '0';
  return Math.abs(v) >= 1e-4 && Math.abs(v) < 1e6 ? String(Number(v.toPrecision(6))) : v.toExponential(4);
}

function matrix(m: Matrix | null): string {
  if (m === null) return '— (D > 64)';
  return `[${m.map((row) => `[${row.map(fmt).join(', ')}]`).join(', ')}]`;
}

function pad(cells: string[][]): string[] {
  const widths = cells[0]!.map((_, j) => Math.max(...cells.map((row) => row[j]!.length)));
  return cells.map((row) =>
    row
      .map((c, j) => c.padEnd(widths[j]!))
      .join('  ')
      .trimEnd(),
  );
}

/** The table `sgd-lab analyze` prints: one line per run, then each run's moments against theory. */
export function formatAnalysis(analysis: Analysis): string {
  const head = ['run', 'η', 'B', 'burn-in', 'L(η)', '± stderr', 'L(Φ*) + ½tr(HC)', 'L(Φ*)', '2L(η/2) − L(η)'];
  const rows = analysis.runs.map((r) => [
    r.name,
    fmt(r.eta),
    String(r.batch),
    String(r.burnIn),
    fmt(r.L.value),
    fmt(r.L.stderr),
    r.theory ? fmt(r.theory.Lstar + r.theory.excess) : '—',
    r.theory ? fmt(r.theory.Lstar) : '—',
    fmt(r.richardson),
  ]);
  const lines = pad([head, ...rows]);
  for (const r of analysis.runs) {
    lines.push(
      '',
      `${r.name}:`,
      `  mean          ${r.mean.length > 64 ? `(${r.mean.length} numbers)` : `[${r.mean.map(fmt).join(', ')}]`}`,
      `  cov measured  ${matrix(r.cov)}`,
    );
    if (r.theory) {
      lines.push(
        `  cov theory C  ${matrix(r.theory.C)}`,
        `  at Φ*         ${r.theory.at.length > 64 ? `(${r.theory.at.length} numbers)` : `[${r.theory.at.map(fmt).join(', ')}]`}`,
        `  H             ${matrix(r.theory.H)}`,
        `  Σ             ${matrix(r.theory.Sigma)}`,
        ...(r.theory.eig ? [`  top eig(H)    [${r.theory.eig.map(fmt).join(', ')}]`] : []),
        `  excess ½tr(HC) ${fmt(r.theory.excess)}; measured L(η) − L(Φ*) ${fmt(r.L.value - r.theory.Lstar)}`,
      );
    } else
      lines.push(`  theory        — (${whyNoTheory(r) ?? 'needs a constant η, SGD or Langevin steps, and a minimum'})`);
  }
  return lines.join('\n');
}
