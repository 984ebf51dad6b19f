/** A sweep's field paths (`runs[0].optimizer.lr`): read, and set in an experiment as the user wrote it. */
import { formatPath } from '../../shared/experiment/issues';

export type PathToken = string | number;

const FORBIDDEN_KEYS = new Set(['__proto__', 'prototype', 'constructor']);

/** `runs[0].optimizer.lr` → ['runs', 0, 'optimizer', 'lr']; a string says what is wrong. */
export function parseFieldPath(text: string): PathToken[] | string {
  const tokens: PathToken[] = [];
  const re = /^(?:\.?([A-Za-z_$][A-Za-z0-9_$]*)|\[(\d+)\])/;
  let rest = text;
  while (rest.length > 0) {
    const m = re.exec(rest);
    if (!m || (tokens.length === 0 && m[0].startsWith('.'))) return `cannot read the path ${text}`;
    if (m[1] !== undefined) {
      if (FORBIDDEN_KEYS.has(m[1])) return `${m[1]} cannot be set`;
      tokens.push(m[1]);
    } else tokens.push(Number(m[2]));
    rest = rest.slice(m[0].length);
  }
  return tokens.length === 0 ? `cannot read the path ${text}` : tokens;
}

/** Sets a field in a (cloned) JSON tree; missing objects on the way are created, arrays are not grown. */
export function setField(root: unknown, tokens: PathToken[], value: unknown): string | undefined {
  let cur = root;
  for (let i = 0; i < tokens.length; i++) {
    const key = tokens[i]!;
    const where = formatPath(tokens.slice(0, i)) || 'the experiment';
    const last = i === tokens.length - 1;
    if (typeof key === 'number') {
      if (!Array.isArray(cur)) return `${where} is not a list`;
      if (key >= cur.length) return `${where} has no element [${key}]`;
    } else if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return `${where} is not an object`;
    const holder = cur as Record<PathToken, unknown>;
    if (last) holder[key] = structuredClone(value);
    else {
      if (holder[key] === undefined && typeof tokens[i + 1] === 'string') holder[key] = {};
      cur = holder[key];
    }
  }
  return undefined;
}
