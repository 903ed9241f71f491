import { ConfigException } from './config-exception.ts';

/** Checks one parsed config value; throws ConfigException. toString() describes the valid values for docs. */
export interface Validator {
  ensureValid(name: string, value: unknown): void;
  toString(): string;
}

/** Suggests values and decides visibility of a key from the other parsed values (REST validate). */
export interface Recommender {
  validValues(name: string, parsedConfig: Readonly<Record<string, unknown>>): unknown[];
  visible(name: string, parsedConfig: Readonly<Record<string, unknown>>): boolean;
}

function validator(describe: string, check: (name: string, value: unknown) => void): Validator {
  return { ensureValid: check, toString: () => describe };
}

/** Numeric bounds, inclusive. */
export const Range = {
  atLeast(min: number): Validator {
    return Range.between(min, undefined);
  },
  atMost(max: number): Validator {
    return Range.between(undefined, max);
  },
  between(min: number | undefined, max: number | undefined): Validator {
    const describe = min === undefined ? `[...,${max}]` : max === undefined ? `[${min},...]` : `[${min},...,${max}]`;
    return validator(describe, (name, value) => {
      if (value === null || value === undefined) throw new ConfigException(name, value, 'Value must be non-null');
      const n = Number(value);
      if (min !== undefined && n < min) throw new ConfigException(name, value, `Value must be at least ${min}`);
      if (max !== undefined && n > max) throw new ConfigException(name, value, `Value must be no more than ${max}`);
    });
  },
};

/** The value must be one of these strings (case-sensitive). */
export function validString(...allowed: string[]): Validator {
  return validator(`[${allowed.join(', ')}]`, (name, value) => {
    if (typeof value !== 'string' || !allowed.includes(value)) {
      throw new ConfigException(name, value, `String must be one of: ${allowed.join(', ')}`);
    }
  });
}

/** The value must be one of these strings, ignoring case. */
export function caseInsensitiveValidString(...allowed: string[]): Validator {
  const upper = allowed.map((s) => s.toUpperCase());
  return validator(`[${allowed.join(', ')}]`, (name, value) => {
    if (typeof value !== 'string' || !upper.includes(value.toUpperCase())) {
      throw new ConfigException(name, value, `String must be one of (case insensitive): ${allowed.join(', ')}`);
    }
  });
}

/** Every element of a LIST value must be one of these strings. */
export function validList(...allowed: string[]): Validator {
  return validator(`[${allowed.join(', ')}]`, (name, value) => {
    if (!Array.isArray(value)) throw new ConfigException(name, value, 'Expected a list');
    const bad = value.filter((v) => !allowed.includes(String(v)));
    if (bad.length > 0) {
      throw new ConfigException(name, value, `Invalid value ${bad.join(', ')}: must be one of ${allowed.join(', ')}`);
    }
  });
}

export const nonEmptyString: Validator = validator('non-empty string', (name, value) => {
  if (typeof value !== 'string' || value.length === 0) throw new ConfigException(name, value, 'String must be non-empty');
});

export const nonNull: Validator = validator('non-null', (name, value) => {
  if (value === null || value === undefined) throw new ConfigException(name, value, 'entry must be non null');
});

/** The value must be a string matching `pattern` (anchored by the caller if needed). */
export function matchesPattern(pattern: RegExp, describe = `matches ${pattern.source}`): Validator {
  return validator(describe, (name, value) => {
    if (typeof value !== 'string' || !pattern.test(value)) {
      throw new ConfigException(name, value, `Value must match the pattern ${pattern.source}`);
    }
  });
}

/** The value must itself be a valid regular expression (e.g. topics.regex). */
export const validRegex: Validator = validator('valid regex', (name, value) => {
  if (value === null || value === undefined) return;
  try {
    new RegExp(String(value));
  } catch (e) {
    throw new ConfigException(name, value, `Invalid regular expression: ${(e as Error).message}`);
  }
});

/** A check of your own: `check` throws ConfigException (or returns an error message). */
export function customValidator(describe: string, check: (name: string, value: unknown) => string | void): Validator {
  return validator(describe, (name, value) => {
    const problem = check(name, value);
    if (typeof problem === 'string') throw new ConfigException(name, value, problem);
  });
}

/** All of these validators, in order. */
export function composite(...validators: Validator[]): Validator {
  return validator(validators.map((v) => v.toString()).join(', '), (name, value) => {
    for (const v of validators) v.ensureValid(name, value);
  });
}
