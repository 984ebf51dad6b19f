/**
 * Finds where a construct sits in the source text, token-wise, since the parser's nodes carry no
 * positions. Columns are 1-based.
 */

export interface Token {
  kind: 'ident' | 'number' | 'string' | 'punct' | 'space';
  text: string;
  /** 0-based offset in the source. */
  start: number;
}

const PUNCT = ['.*', './', '.^', "'", '==', '!=', '<=', '>=', '<<', '>>>', '>>', '&&', '||'];

function isIdentStart(c: string): boolean {
  return /[A-Za-z_$\u00C0-\uFFFF]/.test(c);
}

function isIdentPart(c: string): boolean {
  return /[A-Za-z0-9_$\u00C0-\uFFFF]/.test(c);
}

/** A forgiving tokenizer: it never fails, it only needs to find things again. */
export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    const start = i;
    if (/\s/.test(c)) {
      while (i < src.length && /\s/.test(src[i]!) && src[i] !== '\n') i++;
      if (i === start) i++;
      out.push({ kind: c === '\n' ? 'punct' : 'space', text: src.slice(start, i), start });
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(src[i + 1] ?? ''))) {
      const m = /^(0[xXbBoO][0-9a-fA-F]+|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)/.exec(src.slice(i));
      i += m ? m[0].length : 1;
      out.push({ kind: 'number', text: src.slice(start, i), start });
    } else if (isIdentStart(c)) {
      while (i < src.length && isIdentPart(src[i]!)) i++;
      out.push({ kind: 'ident', text: src.slice(start, i), start });
    } else if (c === '"' || c === "'") {
      // A quote after a value is a transpose; otherwise it opens a string.
      const prev = lastSolid(out);
      if (c === "'" && prev && (prev.kind === 'ident' || prev.kind === 'number' || prev.text === ')')) {
        i++;
        out.push({ kind: 'punct', text: c, start });
      } else {
        i++;
        while (i < src.length && src[i] !== c) i += src[i] === '\\' ? 2 : 1;
        i = Math.min(i + 1, src.length);
        out.push({ kind: 'string', text: src.slice(start, i), start });
      }
    } else {
      const multi = PUNCT.find((p) => src.startsWith(p, i));
      i += multi ? multi.length : 1;
      out.push({ kind: 'punct', text: src.slice(start, i), start });
    }
  }
  return out;
}

function lastSolid(tokens: Token[]): Token | undefined {
  for (let k = tokens.length - 1; k >= 0; k--) if (tokens[k]!.kind !== 'space') return tokens[k];
  return undefined;
}

/** Tokens without spaces, for adjacency questions. */
export function solidTokens(src: string): Token[] {
  return tokenize(src).filter((t) => t.kind !== 'space');
}

/** The first identifier `name`; `call` true: one followed by `(`, false: one not followed by `(`. */
export function findIdent(tokens: Token[], name: string, call?: boolean): Token | undefined {
  return tokens.find((t, k) => {
    if (t.kind !== 'ident' || t.text !== name) return false;
    if (call === undefined) return true;
    return (tokens[k + 1]?.text === '(') === call;
  });
}

/** The first token whose text is one of `texts` (punctuation, strings by kind). */
export function findPunct(tokens: Token[], ...texts: string[]): Token | undefined {
  return tokens.find((t) => t.kind === 'punct' && texts.includes(t.text));
}

/** The first place where two values stand side by side with no operator: `2x`, `x y`, `(a)(b)`. */
export function findImplicitMultiplication(tokens: Token[], functionNames: readonly string[]): Token | undefined {
  for (let k = 1; k < tokens.length; k++) {
    const a = tokens[k - 1]!;
    const b = tokens[k]!;
    const aValue = a.kind === 'number' || a.kind === 'ident' || a.text === ')';
    const bValue = b.kind === 'number' || b.kind === 'ident';
    if (aValue && bValue) return b;
    if ((a.kind === 'number' || a.text === ')') && b.text === '(') return b;
    if (a.kind === 'ident' && b.text === '(' && !functionNames.includes(a.text)) continue;
  }
  return undefined;
}

export function column(token: Token | undefined): number {
  return token ? token.start + 1 : 1;
}
