/**
 * Asking the lab for a landscape plane progressively: a coarse grid at once (it appears in well under
 * a second), then finer ones in the background, each one the next step of the same request. A newer
 * request supersedes the one on its way: the lab answers the older `superseded`, which is dropped
 * without a word, as is any late answer to it. `cancel` stops the request computing.
 */
import type { LabApi } from '../../../shared/contract/lab';
import type { LabPlane, PlaneRequest } from '../../../shared/contract/network';

/**
 * The grids asked for, coarse to fine (the last is LIMITS.planeResolution): 17² (289 points) shows a
 * plane within a second on warm threads, 51² (2,601) a few seconds later, then 101² and 201².
 */
export const PLANE_RESOLUTIONS = [17, 51, 101, 201] as const;

/** What the requests tell their owner. */
export interface PlaneRequestEvents {
  /** A grid arrived (`resolution` points a side). */
  plane(plane: LabPlane, resolution: number): void;
  /** The resolution being computed now (null: nothing on its way). */
  computing(resolution: number | null): void;
  /** The lab refused the request (not a supersession): its words. */
  error(message: string): void;
}

/** Whether a refusal only says a newer request took this one's place. */
export function isSuperseded(error: string): boolean {
  return /superseded/i.test(error);
}

/** One view's progressive plane requests (see above). */
export class PlaneRequests {
  /** Bumped by every new request and cancel: an answer to an older one is stale. */
  private generation = 0;
  private active = false;

  constructor(
    private readonly api: Pick<LabApi, 'plane' | 'cancelPlane'>,
    private readonly events: PlaneRequestEvents,
  ) {}

  /** Whether a request is being computed. */
  get busy(): boolean {
    return this.active;
  }

  /** Asks for `request` at each resolution in turn, superseding whatever is on its way. */
  ask(request: PlaneRequest, resolutions: readonly number[] = PLANE_RESOLUTIONS): Promise<void> {
    const generation = ++this.generation;
    return this.run(request, resolutions, generation);
  }

  /** Stops the request computing (the lab answers it `superseded`). */
  cancel(): void {
    if (!this.active) return;
    this.generation++;
    this.finish();
    void this.api.cancelPlane?.().catch(() => undefined);
  }

  private async run(request: PlaneRequest, resolutions: readonly number[], generation: number): Promise<void> {
    if (!this.api.plane) return this.events.error('this lab cannot compute a landscape plane');
    this.active = true;
    for (const resolution of resolutions) {
      this.events.computing(resolution);
      let reply;
      try {
        reply = await this.api.plane(request, resolution);
      } catch (error) {
        reply = { ok: false as const, error: error instanceof Error ? error.message : String(error) };
      }
      if (generation !== this.generation) return;
      if (!reply.ok) {
        this.finish();
        if (!isSuperseded(reply.error)) this.events.error(reply.error);
        return;
      }
      if (reply.plane) this.events.plane(reply.plane, resolution);
    }
    this.finish();
  }

  private finish(): void {
    this.active = false;
    this.events.computing(null);
  }
}
