// Config keys and helpers several of Kafka's SMTs share.
import type { ConfigKeySpec } from '../config-spec.ts';
import type { Field, Struct } from '../runtime-bridge.ts';

export const REPLACE_NULL_WITH_DEFAULT: ConfigKeySpec = {
  name: 'replace.null.with.default', type: 'BOOLEAN', default: true, importance: 'MEDIUM',
  doc: 'Whether to replace fields that have a default value and that are null to the default value. ' +
    'When set to true, the default value is used, otherwise null is used.',
};

/** Kafka's getFieldValue: the field's default stands in for null unless the user opted out. */
export function fieldValue(struct: Struct, field: Field | string, replaceNullWithDefault: boolean): unknown {
  return replaceNullWithDefault ? struct.get(field) : struct.getWithoutDefault(field);
}
