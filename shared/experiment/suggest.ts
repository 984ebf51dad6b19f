/** "Did you mean …?" for names a user mistyped: the nearest valid name by edit distance. */

/** Levenshtein distance (insertions, deletions, substitutions), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let row = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const next = [i];
    for (let j = 1; j <= t.length; j++)
      next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (s[i - 1] === t[j - 1] ? 0 : 1));
    row = next;
  }
  return row[t.length]!;
}

/** The valid name nearest to `given`, when it is near enough to be a typo (at most a third of its letters off). */
export function nearest(given: string, valid: readonly string[]): string | undefined {
  if (given.length > 100) return undefined;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of valid) {
    const d = editDistance(given, name);
    if (d < bestDistance) [best, bestDistance] = [name, d];
  }
  return bestDistance <= Math.max(1, Math.floor(Math.max(given.length, 3) / 3)) ? best : undefined;
}

/**
 * The message for an object whose discriminator (`type`, `kind`) names nothing known:
 * `unknown optimizer type adamm: did you mean adam? (sgd, momentum, …)`.
 */
export function unknownTypeMessage(what: string, input: unknown, valid: readonly string[], key = 'type'): string {
  const list = `(${valid.join(', ')})`;
  const given = typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[key] : input;
  if (given === undefined) return `needs a ${key}: one of ${list.slice(1, -1)}`;
  if (typeof given !== 'string') return `${what} must be a name: one of ${list.slice(1, -1)}`;
  const shown = given.length > 40 ? `${given.slice(0, 40)}…` : given;
  const guess = nearest(given, valid);
  return `unknown ${what} ${JSON.stringify(shown).slice(1, -1)}: ${guess ? `did you mean ${guess}? ` : 'valid ones are '}${list}`;
}
