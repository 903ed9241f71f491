// The datagen source: mock records from quickstart presets or an Avro-like schema.
export { DatagenConnector, DATAGEN_CLASS } from './datagen-connector.ts';
export { DatagenTask, TASK_ID_FIELD, CURRENT_ITERATION_FIELD } from './datagen-task.ts';
export { QUICKSTARTS, QUICKSTART_NAMES } from './quickstarts.ts';
export { parseGeneratorSchema, type GeneratorSchema } from './generator-schema.ts';
export * from './datagen-config.ts';
