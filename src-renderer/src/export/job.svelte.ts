/** One export at a time, with its progress (done of total) and elapsed time for the progress bar. */

export class ExportJob {
  /** What is being exported (null when idle). */
  label = $state<string | null>(null);
  done = $state(0);
  total = $state(1);
  /** Seconds since the export began (updated ten times a second). */
  elapsed = $state(0);
  /** The last export's outcome, in words (`sgd-lab.gif: 1.2 MB in 3.4 s`), or its error. */
  result = $state<string | null>(null);
  failed = $state(false);

  get busy(): boolean {
    return this.label !== null;
  }

  /** Runs `work` as the export `label` of `total` parts; `work` reports each part done. */
  async run(label: string, total: number, work: (progress: (done: number) => void) => Promise<string>): Promise<void> {
    if (this.busy) return;
    const started = performance.now();
    this.label = label;
    this.done = 0;
    this.total = Math.max(1, total);
    this.elapsed = 0;
    this.result = null;
    this.failed = false;
    const clock = setInterval(() => (this.elapsed = (performance.now() - started) / 1000), 100);
    try {
      const what = await work((done) => (this.done = done));
      this.done = this.total;
      this.result = `${what} in ${((performance.now() - started) / 1000).toFixed(1)} s`;
    } catch (error) {
      this.failed = true;
      this.result = `${label} failed: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      clearInterval(clock);
      this.elapsed = (performance.now() - started) / 1000;
      this.label = null;
    }
  }
}

/** A size in words: 1.2 MB, 340 kB, 12 B. */
export function bytes(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : n >= 1e3 ? `${Math.round(n / 1e3)} kB` : `${n} B`;
}
