/**
 * A plain float64 evaluator of a checked formula: for learning-rate schedules (`t`, `lr`) and for
 * inline previews. Compiled once into closures, then cheap to call.
 */
import type { FormulaAst, FormulaNode } from './ast';
import { UNARY_FLOAT64 } from './float64';

export type ScalarFunction = (scope: Readonly<Record<string, number>>) => number;

const UNARY = UNARY_FLOAT64;

function compileNode(node: FormulaNode): ScalarFunction {
  switch (node.kind) {
    case 'number': {
      const v = node.value;
      return () => v;
    }
    case 'name': {
      const name = node.name;
      return (scope) => {
        const v = Object.prototype.hasOwnProperty.call(scope, name) ? scope[name] : undefined;
        if (typeof v !== 'number') throw new Error(`no value for ${name}`);
        return v;
      };
    }
    case 'neg': {
      const a = compileNode(node.arg);
      return (s) => -a(s);
    }
    case 'binary': {
      const l = compileNode(node.left);
      const r = compileNode(node.right);
      switch (node.op) {
        case '+':
          return (s) => l(s) + r(s);
        case '-':
          return (s) => l(s) - r(s);
        case '*':
          return (s) => l(s) * r(s);
        case '/':
          return (s) => l(s) / r(s);
        case '^':
          return (s) => Math.pow(l(s), r(s));
      }
      break;
    }
    case 'call': {
      const args = node.args.map(compileNode);
      if (node.fn === 'min') return (s) => Math.min(...args.map((a) => a(s)));
      if (node.fn === 'max') return (s) => Math.max(...args.map((a) => a(s)));
      const f = UNARY[node.fn];
      const a = args[0];
      if (!f || !a) throw new Error(`cannot evaluate ${node.fn}`);
      return (s) => f(a(s));
    }
  }
  throw new Error('unknown formula node');
}

/** Compiles a checked formula into a float64 function of its names. */
export function evaluateScalar(ast: FormulaAst): ScalarFunction {
  return compileNode(ast.root);
}
