/**
 * JSON parsing with the place of a syntax error: `JSON.parse` in some engines says only "Unexpected
 * token", so a small scanner finds the offset of the first error and reports it as line and column.
 */

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${message} at line ${line}, column ${column}`);
    this.name = 'JsonSyntaxError';
  }
}

/** The offset of the first syntax error of `text` and what was expected there, or undefined when valid. */
export function findJsonError(text: string): { offset: number; expected: string } | undefined {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const fail = (expected: string): never => {
    throw { offset: i, expected };
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail('a property name in double quotes');
        string();
        ws();
        if (text[i] !== ':') fail("':'");
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail("',' or '}'");
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail("',' or ']'");
      }
    }
    if (c === '"') return string();
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?|^true|^false|^null/.exec(text.slice(i, i + 400));
    if (!m) fail('a value');
    i += m![0].length;
  };
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i++;
      else if (text.charCodeAt(i) < 0x20) fail('no control character in a string');
      i++;
    }
    if (i >= text.length) fail("a closing '\"'");
    i++;
  };
  try {
    value();
    ws();
    if (i < text.length) fail('the end of the file');
    return undefined;
  } catch (error) {
    if (typeof error === 'object' && error !== null && 'offset' in error)
      return error as { offset: number; expected: string };
    throw error;
  }
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

/** JSON.parse, throwing `JsonSyntaxError` with the line and column of a syntax error. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const found = findJsonError(text);
    const offset = found?.offset ?? text.length;
    const { line, column } = lineColumn(text, offset);
    const what = offset >= text.length ? 'unexpected end of file' : `unexpected ${JSON.stringify(text[offset])}`;
    throw new JsonSyntaxError(
      found ? `not valid JSON: ${what}, expected ${found.expected}` : `not valid JSON: ${(error as Error).message}`,
      line,
      column,
    );
  }
}

/** How deep a message or a file may nest (an experiment needs about 8 levels). */
export const MAX_JSON_DEPTH = 64;

/**
 * The path (`runs[0].schedule.then.then…`, shortened in the middle) of the first place where `value`
 * nests deeper than `limit` arrays and objects, or undefined when it does not. Iterative: any depth is
 * measured without recursion, so checking cannot overflow the stack that parsing it would.
 */
export function tooDeep(value: unknown, limit = MAX_JSON_DEPTH): string | undefined {
  const stack: { value: unknown; depth: number; path: string }[] = [{ value, depth: 0, path: '' }];
  while (stack.length > 0) {
    const { value: v, depth, path } = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= limit) return shortenPath(path);
    if (Array.isArray(v))
      v.forEach((item, i) => {
        if (typeof item === 'object' && item !== null)
          stack.push({ value: item, depth: depth + 1, path: `${path}[${i}]` });
      });
    else
      for (const [key, item] of Object.entries(v))
        if (typeof item === 'object' && item !== null)
          stack.push({ value: item, depth: depth + 1, path: path === '' ? key : `${path}.${key}` });
  }
  return undefined;
}

function shortenPath(path: string): string {
  return path.length <= 120 ? path : `${path.slice(0, 60)}…${path.slice(-50)}`;
}
