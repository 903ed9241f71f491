import { ConfigDef } from '../config/config-def.ts';
import { caseInsensitiveValidString } from '../config/validators.ts';

/** Kafka's ConverterConfig `converter.type`: the worker sets it to say what a converter converts. */
export const CONVERTER_TYPE_CONFIG = 'converter.type';
export type ConverterType = 'key' | 'value' | 'header';

/** A ConfigDef holding `converter.type`, the base of every converter's config definition. */
export function converterConfigDef(): ConfigDef {
  return new ConfigDef().define({
    name: CONVERTER_TYPE_CONFIG,
    type: 'STRING',
    documentation: 'How this converter will be used.',
    importance: 'LOW',
    validator: caseInsensitiveValidString('key', 'value', 'header'),
  });
}

/** The configs a Converter.configure(configs, isKey) call hands to the common configure logic. */
export function withConverterType(configs: Record<string, unknown>, type: ConverterType): Record<string, unknown> {
  return { ...configs, [CONVERTER_TYPE_CONFIG]: type };
}
