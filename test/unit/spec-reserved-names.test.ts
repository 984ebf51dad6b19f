/**
 * Variable names that would change or shadow an object's prototype (issue 18, security 10) are refused
 * by name at validation, with their path: a generated variable `__proto__` was silently dropped by the
 * schema (leaving "unknown variable __proto__" in the formula), and a CSV column `constructor` read a
 * property every object has. Through JSON text as a file or a message arrives, and `sgd-lab run`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseJson } from '../../shared/experiment/json';
import { validateExperiment } from '../../shared/experiment/validate';
import { main } from '../../src-main/cli/main';

const run = '"runs":[{"optimizer":{"type":"sgd","lr":0.1},"start":[0,0]}]';
const issuesOf = (text: string) => {
  const r = validateExperiment(parseJson(text));
  return r.ok ? [] : r.issues;
};

afterEach(() => vi.restoreAllMocks());

describe('reserved variable names', () => {
  it('refuses a generated variable __proto__, constructor or prototype by its path', () => {
    for (const name of ['__proto__', 'constructor', 'prototype']) {
      const text = `{"steps":10,"loss":{"expr":"(x-${name})^2+y^2","data":{"n":10,"vars":{"${name}":{"normal":[0,1]}}}},${run}}`;
      expect(issuesOf(text)).toEqual([
        {
          path: `loss.data.vars.${name}`,
          message: `${name} is a reserved name: choose another name for this variable`,
        },
      ]);
    }
  });

  it('refuses a reserved parameter name by its index', () => {
    const text = `{"steps":10,"loss":{"expr":"x^2+constructor^2","params":["x","constructor"]},${run}}`;
    expect(issuesOf(text)).toEqual([
      { path: 'loss.params[1]', message: 'constructor is a reserved name: choose another name for this parameter' },
    ]);
  });

  it('refuses a CSV column of a reserved name that the formula reads; ordinary columns pass', () => {
    for (const name of ['__proto__', 'constructor', 'prototype']) {
      const text = `{"steps":10,"loss":{"expr":"(x-${name})^2+y^2","data":{"csv":"d.csv"}},${run}}`;
      expect(issuesOf(text)).toEqual([
        {
          path: 'loss.expr',
          message: `${name} is a reserved name: choose another name for this data column (in the formula and the CSV header)`,
        },
      ]);
    }
    expect(issuesOf(`{"steps":10,"loss":{"expr":"(x-proto)^2+y^2","data":{"csv":"d.csv"}},${run}}`)).toEqual([]);
  });

  it('sgd-lab run: a CSV whose header names __proto__ is exit 2 with the name and its path', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sgd-reserved-'));
    writeFileSync(path.join(dir, 'd.csv'), '__proto__\n1\n2\n');
    const file = path.join(dir, 'e.lab.json');
    writeFileSync(file, `{"steps":10,"loss":{"expr":"(x-__proto__)^2+y^2","data":{"csv":"d.csv"}},${run}}`);
    let stderr = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
    const code = await main(['run', file, '--out', path.join(dir, 'out')]);
    expect(code).toBe(2);
    expect(stderr).toContain('loss.expr: __proto__ is a reserved name');
  });
});
