import { DataException } from '../api/errors.ts';
import { DECIMAL_LOGICAL_NAME, DECIMAL_SCALE_FIELD } from './logical-names.ts';
import { ConnectSchema, type Schema } from './schema.ts';
import { SchemaBuilder } from './schema-builder.ts';

const DECIMAL_TEXT = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * An arbitrary-precision decimal: `unscaled × 10^-scale` (Java's BigDecimal, minus the arithmetic).
 * It is the value of the Decimal logical type; the scale of a value must equal the schema's.
 */
export class Decimal {
  static readonly LOGICAL_NAME = DECIMAL_LOGICAL_NAME;
  static readonly SCALE_FIELD = DECIMAL_SCALE_FIELD;

  readonly unscaled: bigint;
  readonly scale: number;

  constructor(unscaled: bigint, scale: number) {
    if (!Number.isInteger(scale)) throw new DataException(`Decimal scale must be an integer: ${scale}`);
    this.unscaled = unscaled;
    this.scale = scale;
    Object.freeze(this);
  }

  /** Parses "12.340", "-1e-3", "7" (scale = digits after the point minus the exponent). */
  static parse(text: string): Decimal {
    const m = DECIMAL_TEXT.exec(text.trim());
    if (m === null || (m[2] === '' && (m[3] ?? '') === '')) {
      throw new DataException(`Not a decimal number: "${text}"`);
    }
    const [, sign, intPart, fraction = '', exponent = '0'] = m;
    const digits = BigInt((intPart + fraction) || '0');
    return new Decimal(sign === '-' ? -digits : digits, fraction.length - Number(exponent));
  }

  /** A Connect schema for decimals of the given scale (Kafka's Decimal.schema). */
  static schema(scale: number): Schema {
    return new ConnectSchema({
      type: 'BYTES', name: DECIMAL_LOGICAL_NAME, version: 1, parameters: { [DECIMAL_SCALE_FIELD]: String(scale) },
    });
  }

  static builder(scale: number): SchemaBuilder {
    return SchemaBuilder.bytes().name(DECIMAL_LOGICAL_NAME).parameter(DECIMAL_SCALE_FIELD, String(scale)).version(1);
  }

  /** The scale a Decimal schema declares. */
  static schemaScale(schema: Schema): number {
    const raw = schema.parameters?.[DECIMAL_SCALE_FIELD];
    if (raw === undefined) throw new DataException('Invalid Decimal schema: scale parameter not found.');
    const scale = Number(raw);
    if (!Number.isInteger(scale)) throw new DataException(`Invalid Decimal schema: scale "${raw}" is not an integer.`);
    return scale;
  }

  /** Decimal → bytes: the unscaled value in big-endian two's complement, minimal length. */
  static fromLogical(schema: Schema, value: Decimal): Buffer {
    const scale = Decimal.schemaScale(schema);
    if (value.scale !== scale) {
      throw new DataException(`Decimal value has mismatching scale for given Decimal schema. Value scale ${value.scale}, schema scale ${scale}`);
    }
    return bigintToTwosComplement(value.unscaled);
  }

  static toLogical(schema: Schema, bytes: Uint8Array): Decimal {
    return new Decimal(twosComplementToBigint(bytes), Decimal.schemaScale(schema));
  }

  /** The same number at another scale; throws if digits would be lost. */
  withScale(scale: number): Decimal {
    if (scale === this.scale) return this;
    if (scale > this.scale) return new Decimal(this.unscaled * 10n ** BigInt(scale - this.scale), scale);
    const divisor = 10n ** BigInt(this.scale - scale);
    if (this.unscaled % divisor !== 0n) throw new DataException(`Rounding necessary to rescale ${this.toString()} to scale ${scale}`);
    return new Decimal(this.unscaled / divisor, scale);
  }

  /** Numeric equality ignoring scale (BigDecimal.compareTo == 0). */
  compareTo(other: Decimal): number {
    const scale = Math.max(this.scale, other.scale);
    const a = this.withScale(scale).unscaled;
    const b = other.withScale(scale).unscaled;
    return a < b ? -1 : a > b ? 1 : 0;
  }

  /** Same unscaled value and scale, as BigDecimal.equals (2.0 is not 2.00). */
  equals(other: unknown): boolean {
    return other instanceof Decimal && other.unscaled === this.unscaled && other.scale === this.scale;
  }

  toNumber(): number {
    return Number(this.toPlainString());
  }

  /** Digits without exponent: 1.50, -0.001, 1200 (for scale -2). */
  toPlainString(): string {
    const negative = this.unscaled < 0n;
    const digits = (negative ? -this.unscaled : this.unscaled).toString();
    let body: string;
    if (this.scale <= 0) {
      body = this.unscaled === 0n ? '0' : digits + '0'.repeat(-this.scale);
    } else {
      const padded = digits.padStart(this.scale + 1, '0');
      body = `${padded.slice(0, padded.length - this.scale)}.${padded.slice(padded.length - this.scale)}`;
    }
    return negative ? `-${body}` : body;
  }

  /** Java BigDecimal.toString: plain unless the exponent is positive or below -6 (then 1.2E+3). */
  toString(): string {
    const negative = this.unscaled < 0n;
    const digits = (negative ? -this.unscaled : this.unscaled).toString();
    const adjusted = -this.scale + (digits.length - 1);
    if (this.scale >= 0 && adjusted >= -6) return this.toPlainString();
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const exp = adjusted >= 0 ? `E+${adjusted}` : `E${adjusted}`;
    return `${negative ? '-' : ''}${mantissa}${exp}`;
  }

  toJSON(): string {
    return this.toString();
  }
}

/** Big-endian two's complement of minimal length (Java's BigInteger.toByteArray). */
export function bigintToTwosComplement(value: bigint): Buffer {
  let bytes = 1;
  while (value < -(1n << BigInt(bytes * 8 - 1)) || value >= 1n << BigInt(bytes * 8 - 1)) bytes++;
  let v = BigInt.asUintN(bytes * 8, value);
  const out = Buffer.alloc(bytes);
  for (let i = bytes - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

export function twosComplementToBigint(bytes: Uint8Array): bigint {
  if (bytes.length === 0) throw new DataException('Cannot read a decimal from zero bytes');
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return BigInt.asIntN(bytes.length * 8, v);
}
