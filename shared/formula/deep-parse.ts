/**
 * Reads deeply nested formulas with mathjs's parser without deep recursion. mathjs's parser spends
 * some twenty stack frames on each level of parentheses, so 400 levels would overflow a default
 * stack (it gave out near 260). Here the nesting is counted first, explicitly, on the tokens (over
 * `MAX_DEPTH` levels is refused with the column where it happens); then a formula deeper than
 * `CHUNK_DEPTH` has each group that opens at that depth replaced by a placeholder name padded to the
 * same length (so columns stay true), and the group's text is read the same way on its own. The
 * whitelist walk (`formula-walk.ts`) then reads a placeholder as the tree it stands for.
 */
import type { MathNode } from 'mathjs';
import { tokenize, type Token } from './locate';

/** Deepest nesting accepted (levels of parentheses, calls and operators). */
export const MAX_DEPTH = 400;
/** Levels of parentheses handed to mathjs in one piece. */
const CHUNK_DEPTH = 32;

const OPEN = new Set(['(', '[', '{']);
const CLOSE = new Set([')', ']', '}']);

/** The first opening bracket that nests deeper than `MAX_DEPTH`, if any. */
export function tooDeepToken(source: string): Token | undefined {
  let depth = 0;
  for (const t of tokenize(source)) {
    if (t.kind !== 'punct') continue;
    if (OPEN.has(t.text) && ++depth > MAX_DEPTH) return t;
    if (CLOSE.has(t.text)) depth = Math.max(0, depth - 1);
  }
  return undefined;
}

/** The parse of a formula: its root and the trees the placeholders in it stand for. */
export interface DeepParse {
  root: MathNode;
  pieces: Map<string, MathNode>;
}

/** A text range [start, end) of the source that becomes one placeholder. */
interface Piece {
  start: number;
  end: number;
}

/** The arguments (comma-separated, at the group's own level) of the groups opening at `CHUNK_DEPTH`. */
function deepPieces(tokens: Token[]): Piece[] {
  const pieces: Piece[] = [];
  let depth = 0;
  let start = -1;
  let nested = false;
  const close = (end: number) => {
    if (nested) pieces.push({ start, end });
    nested = false;
  };
  for (const t of tokens) {
    if (t.kind !== 'punct') continue;
    if (OPEN.has(t.text)) {
      depth++;
      if (depth === CHUNK_DEPTH && t.text === '(') [start, nested] = [t.start + 1, false];
      else if (depth > CHUNK_DEPTH) nested = nested || start >= 0;
    } else if (CLOSE.has(t.text)) {
      if (depth === CHUNK_DEPTH && start >= 0) {
        close(t.start);
        start = -1;
      }
      depth = Math.max(0, depth - 1);
    } else if (t.text === ',' && depth === CHUNK_DEPTH && start >= 0) {
      close(t.start);
      start = t.start + 1;
    }
  }
  return pieces;
}

/** The deepest bracket nesting of a text. */
function bracketDepth(tokens: Token[]): number {
  let depth = 0;
  let max = 0;
  for (const t of tokens) {
    if (t.kind !== 'punct') continue;
    if (OPEN.has(t.text)) max = Math.max(max, ++depth);
    if (CLOSE.has(t.text)) depth = Math.max(0, depth - 1);
  }
  return max;
}

/**
 * Parses `source` with `parse` (mathjs's), in pieces no deeper than `CHUNK_DEPTH` levels of
 * brackets. A syntax error keeps mathjs's form, its `char` the 1-based column in the whole source.
 */
export function parseDeep(source: string, parse: (text: string) => MathNode): DeepParse {
  const pieces = new Map<string, MathNode>();
  let prefix = '$d';
  while (source.includes(prefix)) prefix += 'd';
  // Pieces are read innermost last: a work list of (text, offset, key) without recursion.
  const work: { text: string; offset: number; key: string | null }[] = [{ text: source, offset: 0, key: null }];
  let root: MathNode | undefined;
  while (work.length > 0) {
    const { text, offset, key } = work.pop()!;
    let outer = text;
    const tokens = tokenize(text);
    if (bracketDepth(tokens) > CHUNK_DEPTH)
      for (const piece of deepPieces(tokens).reverse()) {
        const name = `${prefix}${pieces.size}`;
        const width = piece.end - piece.start;
        if (width < name.length) continue;
        work.push({ text: text.slice(piece.start, piece.end), offset: offset + piece.start, key: name });
        pieces.set(name, undefined as unknown as MathNode);
        outer = outer.slice(0, piece.start) + name.padEnd(width, ' ') + outer.slice(piece.end);
      }
    let node: MathNode;
    try {
      node = parse(outer);
    } catch (error) {
      const e = error as { char?: unknown };
      if (typeof e.char === 'number') e.char += offset;
      throw error;
    }
    if (key === null) root = node;
    else pieces.set(key, node);
  }
  return { root: root!, pieces };
}
