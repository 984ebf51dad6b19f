/** Autosave and sharing (keep.ts): storage round trips, the address's hash, text comparison. */
import { describe, expect, it } from 'vitest';
import {
  AUTOSAVE_KEY,
  MAX_URL_CHARS,
  experimentFromHash,
  experimentHash,
  fromBase64Url,
  planStart,
  readAutosave,
  sameExperiment,
  toBase64Url,
  writeAutosave,
  type KeyValueStore,
} from '../../src-renderer/src/replay/keep';

/** A store over a Map; `full` makes every write throw, as a full localStorage does. */
function memoryStorage(full = false): KeyValueStore {
  const map = new Map<string, string>();
  return {
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => {
      if (full) throw new Error('QuotaExceededError');
      map.set(k, v);
    },
  };
}

describe('autosave', () => {
  it('keeps the text and the time, and reads nothing from a missing or broken entry', () => {
    const storage = memoryStorage();
    expect(readAutosave(storage)).toBeNull();
    writeAutosave(storage, '{"steps": 5}', 1234);
    expect(readAutosave(storage)).toEqual({ text: '{"steps": 5}', savedAt: 1234 });
    storage.setItem(AUTOSAVE_KEY, '{not json');
    expect(readAutosave(storage)).toBeNull();
    storage.setItem(AUTOSAVE_KEY, '{"text": 5, "savedAt": 1}');
    expect(readAutosave(storage)).toBeNull();
  });

  it('goes on when the storage refuses', () => {
    expect(() => writeAutosave(memoryStorage(true), '{}')).not.toThrow();
  });

  it('compares experiments by content, not layout', () => {
    expect(sameExperiment('{"a": 1,\n "b": [1, 2]}', '{"a":1,"b":[1,2]}')).toBe(true);
    expect(sameExperiment('{"a": 1}', '{"a": 2}')).toBe(false);
    expect(
      sameExperiment(
        '{"a": 1, "b": {"c": 2, "d": [3, {"e": 4, "f": 5}]}}',
        '{"b":{"d":[3,{"f":5,"e":4}],"c":2},"a":1}',
      ),
    ).toBe(true);
    expect(sameExperiment('{"a": [1, 2]}', '{"a": [2, 1]}')).toBe(false);
  });
});

describe('the experiment in the address', () => {
  it('base64url round trips any text (UTF-8), without + / or =', () => {
    const text = '{"title":"η → 0, σ² ≈ ½ tr(HC)?>>"}';
    const code = toBase64Url(text);
    expect(code).toMatch(/^[A-Za-z0-9_-]+$/);
    // The same bytes as Node's own base64url.
    expect(code).toBe(Buffer.from(text, 'utf8').toString('base64url'));
    expect(fromBase64Url(code)).toBe(text);
  });

  it('writes compact JSON into the hash and reads it back; too long stays out', () => {
    const hash = experimentHash('{\n  "steps": 10\n}');
    expect(hash).toBe(`#experiment=${Buffer.from('{"steps":10}').toString('base64url')}`);
    expect(experimentFromHash(hash!)).toBe('{"steps":10}');
    expect(experimentHash(JSON.stringify({ title: 'x'.repeat(MAX_URL_CHARS) }))).toBeNull();
    expect(experimentFromHash('#other=abc')).toBeNull();
    expect(experimentFromHash('')).toBeNull();
  });
});

describe('a lab starting', () => {
  const saved = { text: '{"title": "Mine", "steps": 5}', savedAt: 1 };
  const lab = '{"title":"Default"}';
  const link = '{"title":"Shared"}';

  it('loads a shared link and keeps an autosave of another experiment, offered back', () => {
    expect(planStart(lab, link, saved)).toEqual({ load: link, offer: saved, reason: 'link' });
  });

  it('offers nothing when the autosave is the link’s experiment (a reload of one’s own address)', () => {
    expect(planStart(lab, '{"steps":5,"title":"Mine"}', saved)).toEqual({
      load: '{"steps":5,"title":"Mine"}',
      offer: null,
      reason: 'link',
    });
    expect(planStart(link, link, { text: link, savedAt: 2 })).toEqual({ load: null, offer: null, reason: 'link' });
  });

  it('without a link, offers an autosave of another experiment than the lab runs', () => {
    expect(planStart(lab, null, saved)).toEqual({ load: null, offer: saved, reason: 'restart' });
    expect(planStart(saved.text, null, saved)).toEqual({ load: null, offer: null, reason: 'restart' });
    expect(planStart(lab, null, null)).toEqual({ load: null, offer: null, reason: 'restart' });
  });
});
