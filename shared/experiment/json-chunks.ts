/**
 * `JSON.stringify` in pieces: the same text, produced as a sequence of chunks of about `chunkChars`
 * characters, so a recording of gigabytes can be written to a file or a socket without ever being
 * one string (V8 caps a string near 512 MB: "Invalid string length"). Iterative, so no nesting depth
 * can overflow the stack. Pure code: no Node, no DOM.
 */

/**
 * A value that writes its own JSON text: `jsonChunks` takes its pieces verbatim (in place of walking
 * it), so a large typed array can be written as nested JSON arrays without ever being copied into
 * them. The pieces must together be the text `JSON.stringify` writes for the value's `toJSON()`.
 */
export const RAW_JSON = Symbol.for('sgd-lab.rawJson');
export interface RawJson {
  [RAW_JSON](): Iterable<string>;
}

function isRawJson(value: unknown): value is RawJson {
  return typeof value === 'object' && value !== null && typeof (value as Partial<RawJson>)[RAW_JSON] === 'function';
}

type Frame =
  | { kind: 'raw'; pieces: Iterator<string> }
  | { kind: 'array'; items: readonly unknown[]; i: number }
  | { kind: 'object'; holder: Record<string, unknown>; keys: string[]; i: number; wrote: boolean };

/** What `JSON.stringify` would write for a primitive, or undefined when it skips it (undefined, functions, symbols). */
function primitive(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      throw new TypeError('Do not know how to serialize a BigInt');
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    default:
      return value === null ? 'null' : undefined;
  }
}

/** Arrays of at most this many primitives are written by one `JSON.stringify` (the common leaf: a position, a column). */
const FLAT_ARRAY_MAX = 1 << 16;

/** Whether `items` is a short array of plain primitives (and not much text), where `JSON.stringify` gives the same text faster. */
function flatArray(items: readonly unknown[]): boolean {
  if (items.length > FLAT_ARRAY_MAX || typeof (items as { toJSON?: unknown }).toJSON === 'function') return false;
  let text = 0;
  for (const item of items) {
    const t = typeof item;
    if (t === 'string') text += (item as string).length;
    else if (item !== null && t !== 'number' && t !== 'boolean') return false;
  }
  return text <= FLAT_ARRAY_MAX * 16;
}

/** Applies `toJSON` and unwraps boxed primitives, as `JSON.stringify` does (a `RawJson` value stays as it is). */
function prepare(value: unknown, key: string): unknown {
  let v = value;
  if (isRawJson(v)) return v;
  if (typeof v === 'object' && v !== null && typeof (v as { toJSON?: unknown }).toJSON === 'function')
    v = (v as { toJSON(key: string): unknown }).toJSON(key);
  if (v instanceof Number || v instanceof String || v instanceof Boolean) v = v.valueOf();
  return v;
}

/**
 * The chunks of `JSON.stringify(value)` (no replacer, no indentation); their concatenation equals it
 * for any JSON-like value. A top-level value `JSON.stringify` would skip gives `null`.
 */
export function* jsonChunks(value: unknown, chunkChars = 1 << 16): Generator<string, void, undefined> {
  const parts: string[] = [];
  let size = 0;
  const emit = (text: string) => {
    parts.push(text);
    size += text.length;
  };
  const flush = () => {
    const text = parts.join('');
    parts.length = 0;
    size = 0;
    return text;
  };
  const stack: Frame[] = [];
  const seen = new Set<object>();

  /** Writes a prepared value: a primitive at once, a container by pushing its frame; false when skipped. */
  const open = (v: unknown, inArray: boolean): boolean => {
    if (typeof v !== 'object' || v === null) {
      const text = primitive(v);
      if (text === undefined) {
        if (inArray) emit('null');
        return inArray;
      }
      emit(text);
      return true;
    }
    if (isRawJson(v)) {
      stack.push({ kind: 'raw', pieces: v[RAW_JSON]()[Symbol.iterator]() });
      return true;
    }
    if (Array.isArray(v) && flatArray(v)) {
      emit(JSON.stringify(v));
      return true;
    }
    if (seen.has(v)) throw new TypeError('Converting circular structure to JSON');
    seen.add(v);
    if (Array.isArray(v)) {
      emit('[');
      stack.push({ kind: 'array', items: v, i: 0 });
    } else {
      emit('{');
      stack.push({ kind: 'object', holder: v as Record<string, unknown>, keys: Object.keys(v), i: 0, wrote: false });
    }
    return true;
  };

  if (!open(prepare(value, ''), false)) emit('null');
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.kind === 'raw') {
      const piece = top.pieces.next();
      if (piece.done) stack.pop();
      else emit(piece.value);
    } else if (top.kind === 'array') {
      if (top.i === top.items.length) {
        emit(']');
        seen.delete(top.items);
        stack.pop();
      } else {
        if (top.i > 0) emit(',');
        const i = top.i++;
        open(prepare(top.items[i], String(i)), true);
      }
    } else if (top.i === top.keys.length) {
      emit('}');
      seen.delete(top.holder);
      stack.pop();
    } else {
      const key = top.keys[top.i++]!;
      const v = prepare(top.holder[key], key);
      if ((typeof v !== 'object' || v === null) && primitive(v) === undefined) continue;
      if (top.wrote) emit(',');
      top.wrote = true;
      emit(`${JSON.stringify(key)}:`);
      open(v, false);
    }
    if (size >= chunkChars) yield flush();
  }
  if (size > 0) yield flush();
}
