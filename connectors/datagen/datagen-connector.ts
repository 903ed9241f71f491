import { Config, ConfigException, SourceConnector, type ConfigDef, type TaskClass } from '../../runtime/api/index.ts';
import { RUNTIME_VERSION } from '../../runtime/plugins/runtime-version.ts';
import { DATAGEN_CONFIG_DEF, datagenSettings, TASK_COUNT_CONFIG, TASK_INDEX_CONFIG } from './datagen-config.ts';
import { DatagenTask } from './datagen-task.ts';

export const DATAGEN_CLASS = 'io.tributary.connect.datagen.DatagenConnector';

/** Mock data for demos, tests and benchmarks, like Confluent's kafka-connect-datagen. */
export class DatagenConnector extends SourceConnector {
  #props: Record<string, string> = {};

  version(): string {
    return RUNTIME_VERSION;
  }

  start(props: Record<string, string>): void {
    datagenSettings(props);
    this.#props = { ...props };
  }

  taskClass(): TaskClass<DatagenTask> {
    return DatagenTask;
  }

  /** tasks.max tasks, each told its slice of the record sequence. */
  taskConfigs(maxTasks: number): Record<string, string>[] {
    return Array.from({ length: maxTasks }, (_, i) => ({
      ...this.#props, [TASK_INDEX_CONFIG]: String(i), [TASK_COUNT_CONFIG]: String(maxTasks),
    }));
  }

  stop(): void {}

  config(): ConfigDef {
    return DATAGEN_CONFIG_DEF;
  }

  /** Per-key checks, plus the cross-key ones (quickstart xor schema.string, key field, schema syntax). */
  override validate(connectorConfigs: Record<string, string>): Config {
    const values = DATAGEN_CONFIG_DEF.validate(connectorConfigs);
    if (values.every((v) => v.errorMessages.length === 0)) {
      try {
        datagenSettings(connectorConfigs);
      } catch (e) {
        if (!(e instanceof ConfigException)) throw e;
        const target = values.find((v) => v.name === e.configName) ?? values.find((v) => v.name === 'schema.string')!;
        target.addErrorMessage(e.message);
      }
    }
    return new Config(values);
  }
}
