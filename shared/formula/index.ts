/** The formula language (SPEC §1): parse and check, evaluate in float64, report problems by column. */
export { CONSTANTS, isConstant } from './ast';
export { callableNames, defineFunction, formulaFunction } from './functions';
export type { Algebra, FormulaFunction } from './functions';
export type { BinaryOp, FormulaAst, FormulaNode, FunctionName } from './ast';
export { FormulaError, formatProblem } from './errors';
export type { FormulaProblem } from './errors';
export { checkFormula, parseFormula, MAX_FORMULA_LENGTH } from './parse';
export type { FormulaNames, ParseOptions } from './parse';
export { evaluateScalar } from './scalar';
export type { ScalarFunction } from './scalar';
export { formulaIssues } from './hook';
export { evaluateColumns } from './vector';
export type { ColumnFunction, ColumnValue } from './vector';
