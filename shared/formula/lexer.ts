/**
 * The formula language's tokens, each with its place in the source. The lexer never fails: what the
 * language refuses (strings, unknown characters) is a token the parser refuses by its column.
 */

export interface Token {
  kind: 'number' | 'ident' | 'string' | 'punct' | 'newline' | 'end';
  text: string;
  /** 0-based offset in the source (the source's length for `end`). */
  start: number;
}

/** Punctuation read as one token: the operators the parser names when it refuses them. */
const MULTI = ['.*', './', '.^', '==', '!=', '<=', '>=', '<<', '>>>', '>>', '&&', '||'];

const NUMBER = /0[xXbBoO][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
const IDENT = /[A-Za-z_$\u00C0-\uFFFF][A-Za-z0-9_$\u00C0-\uFFFF]*/y;
const SPACE = /[ \t\r\f\v]+/y;

/** Whether a token ends a value (so that a following `'` is a transpose, not a string). */
function endsValue(t: Token | undefined): boolean {
  return t !== undefined && (t.kind === 'ident' || t.kind === 'number' || t.text === ')');
}

/** The tokens of `src`, spaces and `#` comments left out, newlines kept, ending with an `end` token. */
export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const match = (re: RegExp): string | undefined => {
    re.lastIndex = i;
    return re.exec(src)?.[0];
  };
  while (i < src.length) {
    const c = src[i]!;
    const start = i;
    const space = match(SPACE);
    if (space) {
      i += space.length;
      continue;
    }
    if (c === '#') {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    const num = /[0-9.]/.test(c) ? match(NUMBER) : undefined;
    const ident = num ? undefined : match(IDENT);
    if (c === '\n') {
      i++;
      out.push({ kind: 'newline', text: '\n', start });
    } else if (num) {
      i += num.length;
      out.push({ kind: 'number', text: num, start });
    } else if (ident) {
      i += ident.length;
      out.push({ kind: 'ident', text: ident, start });
    } else if (c === '"' || (c === "'" && !endsValue(out[out.length - 1]))) {
      i++;
      while (i < src.length && src[i] !== c) i += src[i] === '\\' ? 2 : 1;
      i = Math.min(i + 1, src.length);
      out.push({ kind: 'string', text: src.slice(start, i), start });
    } else {
      const multi = MULTI.find((p) => src.startsWith(p, i));
      i += multi ? multi.length : 1;
      out.push({ kind: 'punct', text: src.slice(start, i), start });
    }
  }
  // Newlines at the end are no second expression.
  while (out[out.length - 1]?.kind === 'newline') out.pop();
  out.push({ kind: 'end', text: '', start: src.length });
  return out;
}

const OPEN = new Set(['(', '[', '{']);
const CLOSE = new Set([')', ']', '}']);

/** +1 for an opening bracket, −1 for a closing one, 0 for any other token. */
export function bracket(t: Token): number {
  if (t.kind !== 'punct') return 0;
  return OPEN.has(t.text) ? 1 : CLOSE.has(t.text) ? -1 : 0;
}

/** The first opening bracket that nests deeper than `max`, if any. */
export function tooDeepBracket(tokens: readonly Token[], max: number): Token | undefined {
  let depth = 0;
  for (const t of tokens) {
    const b = bracket(t);
    if (b > 0 && ++depth > max) return t;
    if (b < 0) depth = Math.max(0, depth - 1);
  }
  return undefined;
}
