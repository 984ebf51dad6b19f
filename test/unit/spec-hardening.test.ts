/**
 * The pure pieces of issue 12 against independent references: the chunked JSON writer against
 * JSON.stringify (random values, fast-check), the depth guard, did-you-mean, the serve-mode data
 * path rule, and the budget estimate against hand-computed byte counts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  budgetIssues,
  DEFAULT_BUDGET,
  estimateBudget,
  formatBytes,
  machineBudget,
} from '../../shared/experiment/budget';
import { confinedPathProblem } from '../../shared/experiment/data-path';
import { jsonChunks } from '../../shared/experiment/json-chunks';
import { tooDeep } from '../../shared/experiment/json';
import { editDistance, nearest, unknownTypeMessage } from '../../shared/experiment/suggest';
import { parseFormula } from '../../shared/formula/parse';
import { evaluateScalar } from '../../shared/formula/scalar';
import { setDefaultBudget, validateExperiment } from '../../shared/experiment/validate';
import type { Experiment } from '../../shared/experiment/experiment';

const join = (value: unknown, size?: number) => [...jsonChunks(value, size)].join('');

describe('jsonChunks', () => {
  it('concatenates to JSON.stringify for any JSON value, whatever the chunk size', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 1, max: 64 }), (value, size) => {
        expect(join(value, size)).toBe(JSON.stringify(value));
      }),
      { numRuns: 300 },
    );
  });

  it('follows JSON.stringify on what it skips or rewrites: undefined, NaN, toJSON, -0', () => {
    const value = {
      a: undefined,
      b: [undefined, () => 1, NaN, -Infinity, -0],
      c: new Date(0),
      d: { toJSON: () => [1] },
    };
    expect(join(value)).toBe(JSON.stringify(value));
    expect(join(undefined)).toBe('null');
  });

  it('writes nesting far deeper than the stack allows, in chunks of about the size asked', () => {
    let deep: unknown = [];
    for (let i = 0; i < 200_000; i++) deep = [deep];
    const chunks = [...jsonChunks(deep, 1000)];
    expect(chunks.join('')).toBe('['.repeat(200_001) + ']'.repeat(200_001));
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(1100);
  });

  it('refuses a cycle and a BigInt as JSON.stringify does', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => join(cycle)).toThrow(/circular/);
    expect(() => join({ n: 1n })).toThrow(/BigInt/);
  });
});

describe('tooDeep', () => {
  it('finds the first place past the limit and its path, and passes what fits', () => {
    expect(tooDeep({ a: [{ b: 1 }] }, 3)).toBeUndefined();
    expect(tooDeep({ a: [{ b: {} }] }, 3)).toBe('a[0].b');
    expect(tooDeep([[[]]], 2)).toBe('[0][0]');
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = { then: deep };
    expect(tooDeep(deep)).toBe(
      Array(64)
        .fill('then')
        .join('.')
        .replace(/^(.{60}).*(.{50})$/, '$1…$2'),
    );
  });
});

describe('did you mean', () => {
  it('measures edit distance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('adamm', 'adam')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('suggests only near names', () => {
    expect(nearest('adamm', ['sgd', 'adam', 'adamw'])).toBe('adam');
    expect(nearest('nestrov', ['nesterov', 'momentum'])).toBe('nesterov');
    expect(nearest('xyzzy', ['sgd', 'adam'])).toBeUndefined();
    expect(unknownTypeMessage('optimizer type', { type: 'adamm' }, ['sgd', 'adam'])).toBe(
      'unknown optimizer type adamm: did you mean adam? (sgd, adam)',
    );
    expect(unknownTypeMessage('optimizer type', {}, ['sgd', 'adam'])).toBe('needs a type: one of sgd, adam');
    expect(unknownTypeMessage('optimizer type', { type: 3 }, ['sgd'])).toBe(
      'optimizer type must be a name: one of sgd',
    );
  });
});

describe('serve-mode data paths', () => {
  it('keeps relative paths inside the folder and refuses absolute ones and ..', () => {
    for (const ok of ['data.csv', 'sub/data.csv', './d.csv', 'a..b.csv'])
      expect(confinedPathProblem(ok)).toBeUndefined();
    for (const bad of [
      '/etc/shadow',
      '../secret.csv',
      'sub/../../x.csv',
      '..\\x.csv',
      'C:\\x.csv',
      '\\\\server\\x',
      'a\0b',
    ])
      expect(confinedPathProblem(bad), bad).toBeDefined();
  });
});

/** A normalized experiment from a file, with no budget applied. */
function experiment(input: object): Experiment {
  const r = validateExperiment({ seed: 1, steps: 100, loss: { preset: 'rosenbrock' }, ...input }, { budget: false });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.experiment;
}

describe('budget', () => {
  it('estimates each part by hand-countable bytes', () => {
    // Adam keeps 2 vectors besides the 6 working ones: 1000 particles × 2 coordinates × 8 vectors × 4 bytes.
    // Recording: 100 steps / every 10 → 10 + 2 records × 5 particles, plus 1000 final positions, × (48·2 + 96) bytes.
    const e = estimateBudget(
      experiment({ runs: [{ optimizer: { type: 'adam' }, particles: 1000 }], record: { every: 10, particles: 5 } }),
    );
    expect(e.items).toEqual([
      expect.objectContaining({ path: 'runs[0].particles', category: 'particles', bytes: 1000 * 2 * 8 * 4 }),
      expect.objectContaining({ path: 'runs[0].particles', category: 'recording', bytes: (12 * 5 + 1000) * 192 }),
    ]);
    expect(e.work).toBe(100 * 1000);
  });

  it('counts a minibatch per particle and example, and data rows', () => {
    const e = estimateBudget(
      experiment({
        loss: { expr: '(x - u)^2 + y^2', data: { n: 500, vars: { u: { normal: [0, 1] } } } },
        runs: [{ optimizer: { type: 'sgd' }, gradient: { kind: 'minibatch', batch: 32 }, particles: 10 }],
      }),
    );
    expect(e.items.find((i) => i.category === 'step')).toMatchObject({
      path: 'runs[0].gradient.batch',
      bytes: 10 * 32 * 2 * 4 * 3,
    });
    expect(e.items.find((i) => i.category === 'data')).toMatchObject({ path: 'loss.data.n', bytes: 500 * 12 });
    expect(e.work).toBe(100 * 10 * 32);
  });

  it('refuses by the field that costs most, naming the estimate and the limit', () => {
    const limits = { memoryBytes: 2 ** 30, work: 1e9 };
    const big = experiment({
      runs: [{ optimizer: { type: 'sgd' }, particles: 100_000 }],
      record: { every: 1, particles: 100_000 },
    });
    const [memory, work] = budgetIssues(big, { memoryBytes: 2 ** 30, work: 1e6 });
    expect(memory!.path).toBe('record');
    expect(memory!.message).toMatch(
      /^needs about 1\.8 GB of memory, over the limit of 1\.0 GB \(the recording 1\.8 GB, /,
    );
    expect(work!.path).toBe('runs[0].particles');
    expect(work!.message).toMatch(/1\.0e\+7 gradient evaluations .* over the limit of 1e\+6/);
    // 100 steps × 10⁵ particles = 10⁷ evaluations, under 10⁹: only the memory is over.
    expect(budgetIssues(big, limits).map((i) => i.path)).toEqual(['record']);
    const many = experiment({ runs: Array(40).fill({ optimizer: { type: 'adam' }, particles: 1_000_000 }) });
    expect(budgetIssues(many, limits)[0]!.path).toBe('runs');
    expect(
      validateExperiment(
        { steps: 10, loss: { preset: 'rosenbrock' }, runs: [{ optimizer: { type: 'sgd' } }] },
        { budget: limits },
      ).ok,
    ).toBe(true);
  });

  it('takes half the machine, between 1 and 16 GiB, and writes bytes in words', () => {
    expect(machineBudget(8 * 2 ** 30).memoryBytes).toBe(4 * 2 ** 30);
    expect(machineBudget(2 ** 29).memoryBytes).toBe(2 ** 30);
    expect(machineBudget(2 ** 40).memoryBytes).toBe(16 * 2 ** 30);
    expect([formatBytes(512), formatBytes(1536), formatBytes(3 * 2 ** 30)]).toEqual(['512 bytes', '1.5 KB', '3.0 GB']);
  });
});

describe('formula: a long flat sum is not nesting', () => {
  const names = { params: ['x', 'y'], dataVars: [] };
  /** Terms y, y, −x, y, y, −x, … written flat: `y+y-x+y+y-x…`. */
  const flat = (n: number) =>
    Array.from({ length: n }, (_, i) => (i % 3 === 2 ? '-x' : '+y'))
      .join('')
      .slice(1);

  it('accepts 2,400 terms and adds them (balanced) to the closed form', () => {
    const f = evaluateScalar(parseFormula(flat(2400), names));
    // 1600 terms y and 800 terms −x.
    expect(f({ x: 0.5, y: 0.3 })).toBeCloseTo(1600 * 0.3 - 800 * 0.5, 9);
    const r = validateExperiment({ steps: 10, loss: { expr: flat(2400) }, runs: [{ optimizer: { type: 'sgd' } }] });
    expect(r.ok).toBe(true);
  });

  it('keeps a short sum left to right, bit for bit, and still refuses real nesting', () => {
    const f = evaluateScalar(parseFormula(flat(60), names));
    let leftToRight = 0.3;
    for (let i = 1; i < 60; i++) leftToRight = i % 3 === 2 ? leftToRight - 0.1 : leftToRight + 0.3;
    expect(f({ x: 0.1, y: 0.3 })).toBe(leftToRight);
    const deep = `${'('.repeat(500)}x${')'.repeat(500)}`;
    expect(() => parseFormula(deep, names)).toThrow(/nested too deeply/);
  });
});

describe('messages', () => {
  it('says a step count beyond the limit is too large, once, whatever its size', () => {
    for (const steps of [1e12, 1e30]) {
      const r = validateExperiment({ steps, loss: { preset: 'rosenbrock' }, runs: [{ optimizer: { type: 'sgd' } }] });
      expect(r.ok ? [] : r.issues).toEqual([{ path: 'steps', message: 'is too large: at most 100000000 (10⁸) steps' }]);
    }
  });
});

describe('the process-wide budget (serve --no-budget)', () => {
  it('applies by default and can be switched off for the process', () => {
    const huge = {
      steps: 10,
      loss: { expr: '(x - u)^2 + y^2', data: { n: 10, vars: { u: { normal: [0, 1] } } } },
      runs: [{ optimizer: { type: 'sgd' }, gradient: { kind: 'minibatch', batch: 1e9 } }],
    };
    expect(validateExperiment(huge).ok).toBe(false);
    setDefaultBudget(false);
    try {
      expect(validateExperiment(huge).ok).toBe(true);
    } finally {
      setDefaultBudget(DEFAULT_BUDGET);
    }
    expect(validateExperiment(huge).ok).toBe(false);
  });
});
