import { describe, expect, test } from '@jest/globals';
import { formatJavaDouble, formatJavaFloat } from '../../../../../runtime/converters/json/java-number-format.ts';

describe('Java number formatting (what Jackson writes for doubles and floats)', () => {
  test.each([
    [1, '1.0'], [12.34, '12.34'], [-0.5, '-0.5'], [0, '0.0'], [-0, '-0.0'], [0.001, '0.001'],
    [0.0001, '1.0E-4'], [1e7, '1.0E7'], [9999999, '9999999.0'], [123456789, '1.23456789E8'],
    [1.5e-10, '1.5E-10'], [Number.MAX_VALUE, '1.7976931348623157E308'], [NaN, 'NaN'], [-Infinity, '-Infinity'],
  ])('double %p → %s', (value, expected) => {
    expect(formatJavaDouble(value)).toBe(expected);
  });

  test.each([
    [12.34, '12.34'], [0.1, '0.1'], [1 / 3, '0.33333334'], [16777217, '1.6777216E7'], [3.4028234663852886e38, '3.4028235E38'],
  ])('float %p → %s', (value, expected) => {
    expect(formatJavaFloat(value)).toBe(expected);
  });
});
