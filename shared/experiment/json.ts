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

/**
 * The offset of the first syntax error of `text` and what was expected there, or undefined when valid.
 * Iterative (the open arrays and objects on an explicit stack), so that any depth is scanned without
 * overflowing the call stack.
 */
export function findJsonError(text: string): { offset: number; expected: string } | undefined {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const at = (expected: string) => ({ offset: i, expected });
  /** Skips a string starting at its opening quote; an error, or undefined. */
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i++;
      else if (text.charCodeAt(i) < 0x20) return at('no control character in a string');
      i++;
    }
    if (i >= text.length) return at("a closing '\"'");
    i++;
    return undefined;
  };
  /** Skips `"name":` of an object's member (whitespace first); an error, or undefined. */
  const key = () => {
    ws();
    if (text[i] !== '"') return at('a property name in double quotes');
    const error = string();
    if (error) return error;
    ws();
    if (text[i] !== ':') return at("':'");
    i++;
    return undefined;
  };
  /** The arrays and objects open around the current position, innermost last. */
  const open: ('[' | '{')[] = [];
  for (;;) {
    // A value starts here.
    ws();
    const c = text[i];
    if (c === '{' || c === '[') {
      i++;
      ws();
      if (text[i] === (c === '{' ? '}' : ']')) i++;
      else {
        open.push(c);
        const error = c === '{' ? key() : undefined;
        if (error) return error;
        continue;
      }
    } else if (c === '"') {
      const error = string();
      if (error) return error;
    } else {
      const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?|^true|^false|^null/.exec(text.slice(i, i + 400));
      if (!m) return at('a value');
      i += m[0].length;
    }
    // A value ended: close what it ends, or go on to the next member.
    for (;;) {
      ws();
      const top = open[open.length - 1];
      if (top === undefined) return i < text.length ? at('the end of the file') : undefined;
      if (text[i] === ',') {
        i++;
        const error = top === '{' ? key() : undefined;
        if (error) return error;
        break;
      }
      if (text[i] === (top === '{' ? '}' : ']')) {
        i++;
        open.pop();
        continue;
      }
      return at(top === '{' ? "',' or '}'" : "',' or ']'");
    }
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
