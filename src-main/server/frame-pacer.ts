/**
 * Frame pacing for one browser view: the view says how many frames it drew (`framesShown`), and no
 * more than `window` frames are sent ahead of what it drew. A view that never says so (an older page,
 * a test client) is not paced: only the socket's buffer holds frames back, as before. Frames held
 * back are coalesced by the mailbox (the latest per run wins), so a slow view sees fewer, fresher
 * frames instead of a queue.
 */
/** Frames sent ahead of what the view drew: a couple of frames of every run of a big comparison. */
export const FRAME_WINDOW = 16;

export class FramePacer {
  private paced = false;
  private unshown = 0;

  constructor(private readonly window = FRAME_WINDOW) {}

  /** Whether another frame may go now. */
  ready(): boolean {
    return !this.paced || this.unshown < this.window;
  }

  /** A frame went out. */
  sent(): void {
    this.unshown++;
  }

  /** The view drew `count` frames: from now on it is paced. */
  shown(count: number): void {
    this.paced = true;
    this.unshown = Math.max(0, this.unshown - count);
  }
}
