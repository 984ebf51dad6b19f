/** Number formatting for labels and the status line. */
import { describe, expect, it } from 'vitest';
import { fmt, fmtInt } from '../../src-renderer/src/lib/format';

describe('fmt', () => {
  it('shows missing and infinite values as symbols', () => {
    expect(fmt(undefined)).toBe('–');
    expect(fmt(null)).toBe('–');
    expect(fmt(Number.NaN)).toBe('–');
    expect(fmt(Infinity)).toBe('∞');
    expect(fmt(-Infinity)).toBe('−∞');
  });

  it('rounds to significant digits without trailing zeros', () => {
    expect(fmt(0)).toBe('0');
    expect(fmt(0.5)).toBe('0.5');
    expect(fmt(1 / 3)).toBe('0.333');
    expect(fmt(2 / 3, 2)).toBe('0.67');
    expect(fmt(1234.5678)).toBe('1230');
    expect(fmt(-0.001)).toBe('-0.001');
    expect(fmt(99999)).toBe('100000');
    expect(fmt(12.5, 5)).toBe('12.5');
  });

  it('switches to exponent notation below 1e-3 and from 1e5', () => {
    expect(fmt(0.000123456)).toBe('1.23e-4');
    expect(fmt(123456)).toBe('1.23e+5');
    expect(fmt(-2.5e-7, 2)).toBe('-2.5e-7');
    expect(fmt(1e5, 1)).toBe('1e+5');
  });
});

describe('fmtInt', () => {
  it('rounds and groups thousands', () => {
    expect(fmtInt(0)).toBe('0');
    expect(fmtInt(999.4)).toBe('999');
    expect(fmtInt(1234567.6)).toBe('1,234,568');
    expect(fmtInt(-12345)).toBe('-12,345');
  });

  it('shows missing values as a dash', () => {
    expect(fmtInt(undefined)).toBe('–');
    expect(fmtInt(Number.NaN)).toBe('–');
    expect(fmtInt(Infinity)).toBe('–');
  });
});
