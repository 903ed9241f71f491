import { describe, expect, test } from '@jest/globals';
import { Decimal, bigintToTwosComplement, twosComplementToBigint } from '../../../../runtime/data/decimal.ts';

describe('Decimal', () => {
  test('parses text into unscaled value and scale', () => {
    expect(Decimal.parse('12.340')).toEqual(new Decimal(12340n, 3));
    expect(Decimal.parse('-0.5')).toEqual(new Decimal(-5n, 1));
    expect(Decimal.parse('7')).toEqual(new Decimal(7n, 0));
    expect(Decimal.parse('1.5e2')).toEqual(new Decimal(15n, -1));
    expect(() => Decimal.parse('abc')).toThrow('Not a decimal number');
  });

  test('prints like Java BigDecimal.toString and toPlainString', () => {
    expect(new Decimal(156n, 2).toString()).toBe('1.56');
    expect(new Decimal(-1n, 3).toString()).toBe('-0.001');
    expect(new Decimal(1n, 8).toString()).toBe('1E-8');
    expect(new Decimal(123n, -2).toString()).toBe('1.23E+4');
    expect(new Decimal(123n, -2).toPlainString()).toBe('12300');
    expect(new Decimal(0n, 2).toString()).toBe('0.00');
  });

  test('equality follows BigDecimal: scale matters for equals, not for compareTo', () => {
    expect(new Decimal(20n, 1).equals(new Decimal(200n, 2))).toBe(false);
    expect(new Decimal(20n, 1).compareTo(new Decimal(200n, 2))).toBe(0);
    expect(new Decimal(20n, 1).withScale(3)).toEqual(new Decimal(2000n, 3));
    expect(() => new Decimal(25n, 1).withScale(0)).toThrow('Rounding necessary');
  });

  test('logical conversion is minimal big-endian two\'s complement, as BigInteger.toByteArray', () => {
    const schema = Decimal.schema(2);
    expect(schema.parameters).toEqual({ scale: '2' });
    expect(schema.version).toBe(1);
    expect(Decimal.fromLogical(schema, new Decimal(156n, 2))).toEqual(Buffer.from([0x00, 0x9c]));
    expect(Decimal.toLogical(schema, Buffer.from([0x00, 0x9c]))).toEqual(new Decimal(156n, 2));
    expect(() => Decimal.fromLogical(schema, new Decimal(1n, 3))).toThrow('mismatching scale');
    for (const n of [0n, 127n, 128n, -128n, -129n, 255n, -(2n ** 70n), 2n ** 63n]) {
      expect(twosComplementToBigint(bigintToTwosComplement(n))).toBe(n);
    }
    expect(bigintToTwosComplement(-1n)).toEqual(Buffer.from([0xff]));
    expect(bigintToTwosComplement(128n)).toEqual(Buffer.from([0x00, 0x80]));
  });
});
