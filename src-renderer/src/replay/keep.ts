/**
 * Never lose work, and share it: the live experiment as text (what Save writes), kept in
 * localStorage after every change (the autosave a restart offers back) and, in a browser, in the
 * page's address (`#experiment=…`, base64url of the JSON) so the address is the experiment.
 */
import type { Experiment } from '../../../shared/spec/experiment';
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

/** Whether two experiment texts say the same (whitespace and key order of the text aside). */
export function sameExperiment(a: string, b: string): boolean {
  try {
    return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
  } catch {
    return a === b;
  }
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
