import { inspect } from 'node:util';

/**
 * A secret config value. It prints as `[hidden]` everywhere (toString, JSON, console.log) so a
 * password never reaches a log line or a REST body by accident; `.value` gives the secret.
 */
export class Password {
  static readonly HIDDEN = '[hidden]';

  readonly value: string;

  constructor(value: string) {
    this.value = value;
    Object.freeze(this);
  }

  toString(): string {
    return Password.HIDDEN;
  }

  toJSON(): string {
    return Password.HIDDEN;
  }

  [inspect.custom](): string {
    return `Password(${Password.HIDDEN})`;
  }

  equals(other: unknown): boolean {
    return other instanceof Password && other.value === this.value;
  }
}
