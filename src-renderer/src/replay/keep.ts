/**
 * Never lose work, and share it: the live experiment as text (what Save writes), kept in
 * localStorage after every change (the autosave a restart offers back) and, in a browser, in the
 * page's address (`#experiment=…`, base64url of the JSON) so the address is the experiment.
 */
import type { Experiment } from '../../../shared/experiment/experiment';
import { experimentInput } from '../lib/experiment-edit';

export const AUTOSAVE_KEY = 'sgd-lab.autosave';
/** Longest experiment text put in the address (larger ones stay out of it). */
export const MAX_URL_CHARS = 32_000;

/** The part of `localStorage` the autosave uses. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** What the autosave holds: the experiment as a file would, and when it was saved. */
export interface Autosave {
  text: string;
  savedAt: number;
}

/** The experiment as the text of a `.lab.json` (a preset stays a preset). */
export function experimentText(experiment: Experiment): string {
  return JSON.stringify(experimentInput(experiment), null, 2);
}

export function readAutosave(storage: KeyValueStore): Autosave | null {
  try {
    const value = JSON.parse(storage.getItem(AUTOSAVE_KEY) ?? 'null') as Partial<Autosave> | null;
    return value && typeof value.text === 'string' && typeof value.savedAt === 'number'
      ? { text: value.text, savedAt: value.savedAt }
      : null;
  } catch {
    return null;
  }
}

export function writeAutosave(storage: KeyValueStore, text: string, now = Date.now()): void {
  try {
    storage.setItem(AUTOSAVE_KEY, JSON.stringify({ text, savedAt: now }));
  } catch {
    // Storage full or refused: the autosave is a convenience; the lab goes on.
  }
}

/** JSON text of `value` with every object's keys sorted. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([p], [q]) => (p < q ? -1 : p > q ? 1 : 0)),
        )
      : v,
  );
}

/** Whether two experiment texts say the same (whitespace and key order of the text aside). */
export function sameExperiment(a: string, b: string): boolean {
  try {
    return canonical(JSON.parse(a)) === canonical(JSON.parse(b));
  } catch {
    return a === b;
  }
}

/** What a starting lab does: load the address's experiment, offer the autosave back (and why). */
export interface StartPlan {
  /** The experiment text to load (a shared link's), or null to keep what the lab runs. */
  load: string | null;
  /** The autosave to offer back (writes to it wait for the answer), or null. */
  offer: Autosave | null;
  /** Why it is offered: a shared link replaced it, or the lab started on another experiment. */
  reason: 'link' | 'restart';
}

/**
 * The plan of a lab starting on `current` with the address's experiment `fromAddress` and the
 * autosave `saved`: a link's experiment is loaded; an autosave that says something else than what the
 * lab will then show (the link's, else `current`) is kept and offered back, never overwritten unasked.
 */
export function planStart(current: string, fromAddress: string | null, saved: Autosave | null): StartPlan {
  const shown = fromAddress ?? current;
  return {
    load: fromAddress && !sameExperiment(fromAddress, current) ? fromAddress : null,
    offer: saved && !sameExperiment(saved.text, shown) ? saved : null,
    reason: fromAddress ? 'link' : 'restart',
  };
}

/** base64url of UTF-8 text, and back. */
export function toBase64Url(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(code: string): string {
  const binary = atob(code.replace(/-/g, '+').replace(/_/g, '/'));
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

/** The address's hash for an experiment text (compact JSON), or null when too long for an address. */
export function experimentHash(text: string): string | null {
  const code = toBase64Url(JSON.stringify(JSON.parse(text)));
  return code.length <= MAX_URL_CHARS ? `#experiment=${code}` : null;
}

/** The experiment text an address's hash holds, if any. */
export function experimentFromHash(hash: string): string | null {
  const match = /^#experiment=([A-Za-z0-9_-]+)$/.exec(hash);
  if (!match) return null;
  try {
    return fromBase64Url(match[1]!);
  } catch {
    return null;
  }
}
