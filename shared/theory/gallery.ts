/**
 * The Theory gallery: each claim of the lecture notes as a preset experiment (gallery-entry.ts), in the
 * order the gallery shows them. The entries live in files by topic.
 */
import { AVERAGES_ENTRY } from './gallery-averages';
import type { GalleryEntry } from './gallery-entry';
import { FLOW_ENTRIES } from './gallery-flow';
import { MOMENTUM_ENTRY } from './gallery-momentum';
import { NETWORK_ENTRIES } from './gallery-network';
import { NETWORK_LAW_ENTRIES } from './gallery-network-laws';
import { NETWORK_MOMENTUM_ENTRY } from './gallery-network-momentum';
import { SCHEDULE_ENTRIES } from './gallery-schedules';
import { STATIONARY_ENTRIES } from './gallery-stationary';
import { TEMPERATURE_ENTRIES } from './gallery-temperature';

export type { GalleryEntry, TheoryView } from './gallery-entry';

export const GALLERY: readonly GalleryEntry[] = [
  ...STATIONARY_ENTRIES,
  ...TEMPERATURE_ENTRIES,
  ...SCHEDULE_ENTRIES,
  ...FLOW_ENTRIES,
  AVERAGES_ENTRY,
  MOMENTUM_ENTRY,
  ...NETWORK_ENTRIES,
  ...NETWORK_LAW_ENTRIES,
  NETWORK_MOMENTUM_ENTRY,
];

export function findGalleryEntry(id: string): GalleryEntry | undefined {
  return GALLERY.find((e) => e.id === id);
}
