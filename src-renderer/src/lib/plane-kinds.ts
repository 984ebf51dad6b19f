/** The kinds of landscape plane the "Plane" picker offers (SPEC §13 `landscape`), in its order. */
import type { PlaneRequest } from '../../../shared/contract/network';

export type PlaneKind = PlaneRequest['kind'];

/** The picker's options, in its order. */
export const PLANE_KINDS: readonly { kind: PlaneKind; text: string; title: string }[] = [
  { kind: 'pca', text: 'PCA of the paths', title: "The top two principal directions of the runs' paths" },
  {
    kind: 'random',
    text: 'random (filter-normalized)',
    title: 'Two random directions, each unit rescaled to the weights it moves (Li et al. 2018)',
  },
  { kind: 'points', text: 'through three points', title: "Through the start and the two chosen runs' ends" },
];
