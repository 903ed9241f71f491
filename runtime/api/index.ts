// The plugin SPI: everything a third-party connector, transform or converter imports.
export * from './errors.ts';
export * from './topic-partition.ts';
export * from './connector.ts';
export * from './task.ts';
export type { Transformation, Predicate } from './transformation.ts';
export type { Converter, HeaderConverter, KafkaHeader } from './converter.ts';
export type { ConfigProvider, ConfigData } from './config-provider.ts';
export * from '../data/index.ts';
export * from '../config/config-def.ts';
export { ConfigException } from '../config/config-exception.ts';
export { Password } from '../config/password.ts';
export * from '../config/validators.ts';
