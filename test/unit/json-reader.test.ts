// The one JSON reader (shared/experiment/json.ts): its scanner agrees with JSON.parse on what is JSON, and
// says where any depth of broken nesting breaks — line and column, never a stack overflow.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findJsonError, parseJson } from '../../shared/experiment/json';

const isJson = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

describe('findJsonError', () => {
  it('finds an error exactly when JSON.parse refuses the text (no escapes: the scanner does not check them)', () => {
    const piece = fc.constantFrom(...'{}[],:" 0123456789.-+eE\ntruefalsnl'.split(''), '"a"', 'true', 'null', '-1.5e3');
    const texts = fc.oneof(
      fc.array(piece, { maxLength: 40 }).map((parts) => parts.join('')),
      fc
        .tuple(fc.json({ maxDepth: 6 }), fc.nat(), fc.constantFrom('', ',', ']', '}', '"', ':', 'x', ' '))
        .map(([json, at, edit]) => {
          const cut = at % (json.length + 1);
          return json.slice(0, cut) + edit + json.slice(cut + (edit === '' ? 1 : 0));
        })
        .filter((text) => !text.includes('\\')),
    );
    fc.assert(
      fc.property(texts, (text) => {
        const found = findJsonError(text);
        expect(found === undefined, JSON.stringify(text)).toBe(isJson(text));
        if (found) expect(found.offset).toBeLessThanOrEqual(text.length);
      }),
      { numRuns: 3000, seed: 20261128 },
    );
  });

  it('reports a broken nesting 200,000 deep by place, not by overflowing the stack', () => {
    expect(() => parseJson('['.repeat(200_000))).toThrow(
      'not valid JSON: unexpected end of file, expected a value at line 1, column 200001',
    );
    const deep = `${'{"a":'.repeat(100_000)}1${'}'.repeat(99_999)}\n]`;
    expect(() => parseJson(deep)).toThrow(`unexpected "]", expected ',' or '}' at line 2, column 1`);
    expect(findJsonError(`${'['.repeat(200_000)}${']'.repeat(200_000)}`)).toBeUndefined();
  });

  it('says what was expected where, by line and column (counted by hand)', () => {
    expect(() => parseJson('{\n  "a": 1,\n  "b" 2\n}')).toThrow(`unexpected "2", expected ':' at line 3, column 7`);
    expect(() => parseJson('[1, 2,]')).toThrow('unexpected "]", expected a value at line 1, column 7');
    expect(() => parseJson('{"a": 1}}')).toThrow('unexpected "}", expected the end of the file at line 1, column 9');
  });
});
