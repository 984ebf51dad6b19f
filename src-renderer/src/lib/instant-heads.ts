/**
 * Instant mode's exact rows at the scrubber's step (`instantAt`): where the step falls between two of
 * the points sent, the lab is asked for every run's row there. One question at a time; while one is on
 * its way, only the latest step wanted is asked next.
 */
import type { Frame, LabApi } from '../../../shared/contract/lab';
import type { WholePaths } from './instant-answers';

export class InstantHeads {
  private asking = false;
  private wanted = -1;

  /**
   * `api`: the lab; `wants(paths, t)`: whether the view still shows `paths` at step t; `put(paths, t,
   * heads)`: shows the rows.
   */
  constructor(
    private readonly api: () => LabApi,
    private readonly wants: (paths: WholePaths, t: number) => boolean,
    private readonly put: (paths: WholePaths, t: number, heads: Frame[]) => void,
  ) {}

  /** Asks for the rows at step t of `paths` (not for the page's own paths: the lab has no rows of them yet). */
  ask(paths: WholePaths, t: number): void {
    this.wanted = t;
    const api = this.api();
    if (this.asking || !api.instantAt || paths.preview) return;
    this.asking = true;
    void api
      .instantAt(paths.generation, t)
      .then((reply) => {
        if (reply.ok && reply.heads && this.wants(paths, t)) this.put(paths, t, reply.heads);
      })
      .catch(() => undefined)
      .finally(() => {
        this.asking = false;
        if (this.wanted !== t && this.wants(paths, this.wanted)) this.ask(paths, this.wanted);
      });
  }
}
