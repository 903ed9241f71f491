/**
 * A config is missing or invalid. The message names the key and the problem, as Kafka's
 * ConfigException does: `Invalid value abc for configuration tasks.max: Not a number of type INT`.
 */
export class ConfigException extends Error {
  /** The offending key, when the error is about one key. */
  readonly configName: string | undefined;

  constructor(message: string);
  constructor(name: string, value: unknown, message?: string);
  constructor(nameOrMessage: string, ...rest: [unknown?, string?]) {
    const withValue = rest.length > 0;
    const [value, detail] = rest;
    super(withValue
      ? `Invalid value ${describeConfigValue(value)} for configuration ${nameOrMessage}${detail ? `: ${detail}` : ''}`
      : nameOrMessage);
    this.name = 'ConfigException';
    this.configName = withValue ? nameOrMessage : undefined;
  }
}

function describeConfigValue(value: unknown): string {
  if (Array.isArray(value)) return value.join(',');
  return String(value);
}
