/**
 * What a number field accepts (number-check.ts): the three values are refused with the limit
 * in words, never clamped or rounded; values inside the limits are taken exactly as typed.
 */
import { describe, expect, it } from 'vitest';
import { checkNumber, refusal } from '../../src-renderer/src/lib/number-check';

describe('checkNumber', () => {
  it('refuses the values a new user typed, saying the limit', () => {
    // η = 1e9 against the hot patch's limit 10⁶; 10⁹ particles against 10⁶; steps = −1 against 1.
    expect(checkNumber('1e9', { positive: true, max: 1e6 })).toEqual({ ok: false, error: 'must be at most 1,000,000' });
    expect(checkNumber('1000000000', { min: 1, max: 1_000_000, integer: true })).toEqual({
      ok: false,
      error: 'must be at most 1,000,000',
    });
    expect(checkNumber('-1', { min: 1, max: 100_000_000, integer: true })).toEqual({
      ok: false,
      error: 'must be at least 1',
    });
  });

  it('takes a value inside the limits exactly as typed, the limits themselves included', () => {
    expect(checkNumber('1e6', { positive: true, max: 1e6 })).toEqual({ ok: true, value: 1_000_000 });
    expect(checkNumber(' 0.003 ', { positive: true })).toEqual({ ok: true, value: 0.003 });
    expect(checkNumber('1', { min: 1, integer: true })).toEqual({ ok: true, value: 1 });
    expect(checkNumber('−2.5', { min: -3 })).toEqual({ ok: true, value: -2.5 });
  });

  it('refuses what is not a number, not whole, or not positive', () => {
    expect(checkNumber('', {})).toEqual({ ok: false, error: 'enter a number' });
    expect(checkNumber('abc', {})).toEqual({ ok: false, error: 'abc is not a number' });
    expect(checkNumber('Infinity', {})).toEqual({ ok: false, error: 'Infinity is not a number' });
    expect(checkNumber('2.5', { integer: true })).toEqual({ ok: false, error: 'must be a whole number' });
    expect(checkNumber('0', { positive: true })).toEqual({ ok: false, error: 'must be greater than 0' });
    expect(checkNumber('1e-7', { min: 1e-6 })).toEqual({ ok: false, error: 'must be at least 1e-6' });
  });

  it('says what the run keeps', () => {
    expect(refusal('must be at most 1,000,000', '0.003')).toBe('must be at most 1,000,000; kept 0.003');
    expect(refusal('must be at least 1', '2000')).toBe('must be at least 1; kept 2000');
  });
});
