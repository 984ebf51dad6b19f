/**
 * The formula language's grammar, read by operator precedence with explicit stacks (no recursion, so
 * the call stack does not grow with the nesting): numbers, names, calls `f(a, b)`, parentheses,
 * unary − and +, and `+ − * / ^` (`^` binds tightest and to the right, `2^-1` is allowed). What the
 * language refuses (assignment, strings, matrices, property access, other operators…) is recorded
 * as a problem at its column and read past where it can, so that every problem is listed; a place
 * where reading cannot go on is a `SyntaxStop`.
 *
 * The result is a syntax tree (`Syn`) whose names and calls are checked afterwards (`resolve.ts`),
 * with its depth counted as it is built: a flat sum is one level, parentheses are one.
 */
import type { FormulaProblem } from './errors';
import { bracket, type Token } from './lexer';

/** A syntax tree; `bad` stands for a refused construct (already reported). */
export type Syn =
  | { t: 'num'; value: number }
  | { t: 'name'; at: Token }
  | { t: 'neg'; arg: Syn }
  | { t: 'bin'; op: '*' | '/' | '^'; left: Syn; right: Syn }
  /** A flat chain a ± b ± c …: `signs[k]` joins `terms[k]` and `terms[k + 1]`. */
  | { t: 'sum'; terms: Syn[]; signs: ('+' | '-')[] }
  | { t: 'call'; at: Token; args: Syn[] }
  | { t: 'bad' };

/** Where reading stops: the first problem that leaves no way to go on. */
export class SyntaxStop extends Error {
  constructor(readonly problem: FormulaProblem) {
    super(problem.message);
  }
}

/** A value on the operand stack: its tree, its height, whether it is an open sum chain. */
interface Operand {
  syn: Syn;
  h: number;
  chain: boolean;
  /** Ends in refused property access or indexing: a following `(…)` belongs to it. */
  access?: boolean;
}

type Frame =
  | { k: 'bin'; op: string; prec: number; right: boolean; tok: Token }
  | { k: 'unary'; op: '-' | '+'; prec: number }
  | { k: 'paren'; tok: Token }
  | { k: 'call'; tok: Token; args: Operand[] };

const BAD: Syn = { t: 'bad' };
const ARITHMETIC: Record<string, { prec: number; right: boolean }> = {
  '+': { prec: 2, right: false },
  '-': { prec: 2, right: false },
  '*': { prec: 3, right: false },
  '/': { prec: 3, right: false },
  '^': { prec: 5, right: true },
};
const UNARY_PREC = 4;
/** Refused binary operators (read with the lowest precedence, their result refused). */
const REFUSED_OPS = new Set([
  '%',
  '==',
  '!=',
  '<',
  '>',
  '<=',
  '>=',
  '&',
  '|',
  '<<',
  '>>',
  '>>>',
  '&&',
  '||',
  '.*',
  './',
  '.^',
]);
const REFUSED_WORDS = new Set(['mod', 'and', 'or', 'xor', 'to', 'in', 'not']);
const NOT_ALLOWED = (op: string) => `operator ${op} is not allowed (operators are + - * / ^)`;

/** Reads the tokens into a syntax tree no more than `maxDepth` levels deep; problems go to `problems`. */
export function readSyntax(
  tokens: readonly Token[],
  problems: FormulaProblem[],
  maxDepth: number,
  tooDeep: string,
): Syn {
  const values: Operand[] = [];
  const frames: Frame[] = [];
  let i = 0;
  let expectValue = true;
  let conditionals = 0;
  const report = (tok: Token, message: string) => problems.push({ column: tok.start + 1, text: tok.text, message });
  const stop = (tok: Token, message: string): never => {
    throw new SyntaxStop({
      column: tok.start + 1,
      text: tok.text,
      message: tok.kind === 'end' ? `${message} (at the end)` : message,
    });
  };
  const push = (syn: Syn, h: number, chain = false, access = false) => {
    if (h > maxDepth) throw new SyntaxStop({ column: tokens[0]!.start + 1, text: '', message: tooDeep });
    values.push({ syn, h, chain, access });
  };
  /** Skips a bracketed group from its opening token; returns the index after it. */
  const skipGroup = (from: number): number => {
    let depth = 0;
    for (let k = from; k < tokens.length - 1; k++) {
      depth += bracket(tokens[k]!);
      if (depth <= 0) return k + 1;
    }
    return tokens.length - 1;
  };
  const reduce = (f: Frame) => {
    if (f.k === 'unary') {
      const a = values.pop()!;
      return push(f.op === '-' ? { t: 'neg', arg: a.syn } : a.syn, a.h + 1);
    }
    if (f.k !== 'bin') return;
    const r = values.pop()!;
    const l = values.pop()!;
    if (f.op === '+' || f.op === '-') {
      if (l.chain && l.syn.t === 'sum') {
        l.syn.terms.push(r.syn);
        l.syn.signs.push(f.op);
        return push(l.syn, Math.max(l.h, r.h + 1), true);
      }
      return push({ t: 'sum', terms: [l.syn, r.syn], signs: [f.op] }, Math.max(l.h, r.h) + 1, true);
    }
    const syn: Syn =
      f.op === '*' || f.op === '/' || f.op === '^' ? { t: 'bin', op: f.op, left: l.syn, right: r.syn } : BAD;
    push(syn, Math.max(l.h, r.h) + 1);
  };
  /** Reduces operators that bind at least as tightly as a new one of `prec`. */
  const reduceWhile = (prec: number, right: boolean) => {
    for (
      let top = frames[frames.length - 1];
      top && (top.k === 'bin' || top.k === 'unary');
      top = frames[frames.length - 1]
    ) {
      if (top.prec < prec || (right && top.prec === prec)) break;
      reduce(frames.pop()!);
    }
  };
  const binary = (tok: Token, op: string, prec: number, right = false) => {
    reduceWhile(prec, right);
    frames.push({ k: 'bin', op, prec, right, tok });
    expectValue = true;
  };
  /** Reduces to the innermost open bracket or call, which is returned (still on the stack). */
  const toGroup = (): Frame | undefined => {
    reduceWhile(-Infinity, false);
    return frames[frames.length - 1];
  };
  const inGroup = () => frames.some((f) => f.k === 'paren' || f.k === 'call');
  const refuse = (tok: Token, message: string, prec = 1) => {
    report(tok, message);
    binary(tok, 'refused', prec);
  };

  for (;;) {
    const tok = tokens[i]!;
    if (tok.kind === 'newline' && (expectValue || inGroup())) {
      i++;
      continue;
    }
    if (expectValue) {
      i++;
      if (tok.kind === 'number') {
        const value = Number(tok.text);
        if (!Number.isFinite(value)) report(tok, 'number out of range');
        push(Number.isFinite(value) ? { t: 'num', value } : BAD, 0);
        expectValue = false;
      } else if (tok.kind === 'ident' && tokens[i]?.text === '(') {
        i++;
        if (tokens[i]?.text === ')') {
          i++;
          push({ t: 'call', at: tok, args: [] }, 0);
          expectValue = false;
        } else frames.push({ k: 'call', tok, args: [] });
      } else if (tok.kind === 'ident') {
        push({ t: 'name', at: tok }, 0);
        expectValue = false;
      } else if (tok.text === '(') frames.push({ k: 'paren', tok });
      else if (tok.text === '-' || tok.text === '+') frames.push({ k: 'unary', op: tok.text, prec: UNARY_PREC });
      else if (tok.kind === 'string' || tok.text === '[' || tok.text === '{') {
        report(
          tok,
          tok.kind === 'string'
            ? 'strings are not allowed'
            : tok.text === '['
              ? 'matrices are not allowed'
              : 'objects are not allowed',
        );
        if (tok.kind !== 'string') i = skipGroup(i - 1);
        push(BAD, 0);
        expectValue = false;
      } else if (tok.kind === 'end') stop(tok, 'Unexpected end of expression');
      else stop(tok, 'Value expected');
      continue;
    }
    const top = values[values.length - 1]!;
    if (tok.kind === 'end') break;
    i++;
    const arithmetic = tok.kind === 'punct' ? ARITHMETIC[tok.text] : undefined;
    if (arithmetic) binary(tok, tok.text, arithmetic.prec, arithmetic.right);
    else if (tok.text === ',' || tok.text === ')') {
      const group = toGroup();
      if (group?.k === 'call') {
        group.args.push(values.pop()!);
        if (tok.text === ',') expectValue = true;
        else {
          frames.pop();
          push(
            { t: 'call', at: group.tok, args: group.args.map((a) => a.syn) },
            Math.max(...group.args.map((a) => a.h)) + 1,
          );
        }
      } else if (group?.k === 'paren' && tok.text === ')') {
        frames.pop();
        const v = values.pop()!;
        push(v.syn, v.h + 1);
      } else if (group?.k === 'paren') stop(tok, 'Parenthesis ) expected');
      else stop(tok, `Unexpected "${tok.text}"`);
    } else if (tok.text === '.' && tokens[i]?.kind === 'ident') {
      report(tok, 'property access and indexing are not allowed');
      i++;
      values[values.length - 1] = { syn: BAD, h: top.h, chain: false, access: true };
    } else if (tok.text === '[') {
      report(tok, 'property access and indexing are not allowed');
      i = skipGroup(i - 1);
      values[values.length - 1] = { syn: BAD, h: top.h, chain: false, access: true };
    } else if (tok.text === '(' && top.access) i = skipGroup(i - 1);
    else if (tok.text === "'" || tok.text === '!') {
      report(tok, NOT_ALLOWED(tok.text));
      values[values.length - 1] = { syn: BAD, h: top.h, chain: false };
    } else if (tok.text === '=')
      refuse(tok, top.syn.t === 'call' ? 'function definitions are not allowed' : 'assignment is not allowed', 0);
    else if (tok.text === '?') {
      conditionals++;
      refuse(tok, 'conditionals are not allowed', 0);
    } else if (tok.text === ':') {
      if (conditionals > 0) {
        conditionals--;
        binary(tok, 'refused', 0);
      } else refuse(tok, 'ranges are not allowed', 0);
    } else if (tok.text === ';' || tok.kind === 'newline') refuse(tok, 'only one expression is allowed', 0);
    else if (
      (tok.kind === 'punct' && REFUSED_OPS.has(tok.text)) ||
      (tok.kind === 'ident' && REFUSED_WORDS.has(tok.text))
    )
      refuse(tok, NOT_ALLOWED(tok.text));
    else if (tok.kind === 'number' || tok.kind === 'ident' || tok.text === '(') {
      i--;
      refuse(tok, `missing operator before ${tok.text}: write * to multiply`, ARITHMETIC['*']!.prec);
    } else stop(tok, tok.kind === 'string' ? 'strings are not allowed' : 'unexpected character');
  }
  reduceWhile(-Infinity, false);
  const open = frames.find((f) => f.k === 'paren' || f.k === 'call');
  if (open) stop(tokens[tokens.length - 1]!, 'Parenthesis ) expected');
  return values[0]!.syn;
}
