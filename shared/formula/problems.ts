/**
 * What the formula checker says about refused input: why each mathjs node type is refused, how a
 * mathjs syntax error becomes a column and a message, and one problem per place.
 */
import type { FormulaProblem } from './errors';

/** Why a node type is refused, in words; the token that shows where it is. */
export const REFUSED: Readonly<Record<string, { what: string; at: string[] }>> = {
  AssignmentNode: { what: 'assignment is not allowed', at: ['='] },
  FunctionAssignmentNode: { what: 'function definitions are not allowed', at: ['='] },
  AccessorNode: { what: 'property access and indexing are not allowed', at: ['.', '['] },
  IndexNode: { what: 'indexing is not allowed', at: ['[', '.'] },
  ArrayNode: { what: 'matrices are not allowed', at: ['['] },
  ObjectNode: { what: 'objects are not allowed', at: ['{'] },
  RangeNode: { what: 'ranges are not allowed', at: [':'] },
  ConditionalNode: { what: 'conditionals are not allowed', at: ['?'] },
  BlockNode: { what: 'only one expression is allowed', at: [';', '\n'] },
  RelationalNode: { what: 'comparisons are not allowed', at: ['<', '>', '<=', '>=', '==', '!='] },
};

export /** A mathjs syntax error carries `char`, the 1-based column of the token where it stopped. */
function syntaxProblem(source: string, err: unknown): FormulaProblem {
  const e = err as { message?: unknown; char?: unknown };
  if (err instanceof SyntaxError && typeof e.char === 'number') {
    const col = Math.min(Math.max(1, e.char), source.length + 1);
    const message = String(e.message).replace(/\s*\(char \d+\)\s*$/, '');
    const rest = source.slice(col - 1);
    const text = /^\S+/.exec(rest)?.[0]?.slice(0, 20) ?? '';
    return {
      column: col,
      text,
      message:
        text === '' ? `${message} (at the end)` : `${message.replace(/^Syntax error in part .*$/, 'syntax error')}`,
    };
  }
  if (err instanceof RangeError) return { column: 1, text: '', message: 'the formula is nested too deeply' };
  return { column: 1, text: '', message: `cannot read the formula: ${String(e.message ?? err)}` };
}

/** One problem per column and message. */
export function dedupe(problems: FormulaProblem[]): FormulaProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.column}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
