/** How decimals are written: base64 of the unscaled bytes (Kafka's default) or a JSON number. */
export type DecimalFormat = 'BASE64' | 'NUMERIC';

/** The parts of the JsonConverter config that change how values are encoded and decoded. */
export interface JsonValueOptions {
  readonly decimalFormat: DecimalFormat;
  /** A null value of a schema with a default is written/read as the default (KIP-581). */
  readonly replaceNullWithDefault: boolean;
}
