/**
 * What a theory view reads: a lab's frames, histories and redraw tick. The live lab (`LabStore`) is one
 * source; a figure computed headless (`theoryFigure`) is another, which gives every frame at once to
 * whoever listens and every run's whole history when asked, so the same views draw it at once.
 */
import type { Frame, LabApi, LabState } from '../../../shared/contract/lab';
import type { TheoryFigure } from '../../../shared/contract/theory';
import type { RunTrack } from '../lib/tracks';

/** What the theory views need of a lab. */
export interface TheorySource {
  readonly api: Pick<LabApi, 'history' | 'onFrame'>;
  readonly state: LabState | null;
  /** Bumped when frames or a state arrived. */
  readonly frameTick: number;
  readonly tracks: RunTrack[];
}

/** A computed figure as a source: it stands still (not playing); its frames are given to each listener. */
export function figureSource(figure: TheoryFigure): TheorySource {
  const frames: Frame[] = figure.runs.flatMap((r) => r.frames);
  return {
    api: {
      history: () => Promise.resolve({ ok: true, history: figure.runs.map((r) => r.history) }),
      onFrame: (cb) => {
        for (const f of frames) cb(f);
        return () => {};
      },
    },
    state: null,
    frameTick: 1,
    tracks: [],
  };
}
