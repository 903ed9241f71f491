import {
  ConnectException, SourceConnector, type ConfigDef, type ExactlyOnceSupport, type SourceOffset, type SourcePartition, type TaskClass,
} from '../../runtime/api/index.ts';
import { RUNTIME_VERSION } from '../../runtime/plugins/runtime-version.ts';
import { configuredFile, FILE_CONFIG, FILENAME_FIELD, POSITION_FIELD, positionOf, SOURCE_CONFIG_DEF } from './file-stream-config.ts';
import { FileStreamSourceTask } from './file-stream-source-task.ts';

export const FILE_STREAM_SOURCE_CLASS = 'org.apache.kafka.connect.file.FileStreamSourceConnector';

/** Kafka's FileStreamSourceConnector: a file (or stdin) to a topic, one line per record, one task. */
export class FileStreamSourceConnector extends SourceConnector {
  #props: Record<string, string> = {};

  version(): string {
    return RUNTIME_VERSION;
  }

  start(props: Record<string, string>): void {
    SOURCE_CONFIG_DEF.parse(props);
    this.#props = { ...props };
  }

  taskClass(): TaskClass<FileStreamSourceTask> {
    return FileStreamSourceTask;
  }

  /** Only one input stream makes sense: always a single task, whatever tasks.max says. */
  taskConfigs(_maxTasks: number): Record<string, string>[] {
    return [{ ...this.#props }];
  }

  stop(): void {}

  config(): ConfigDef {
    return SOURCE_CONFIG_DEF;
  }

  /** Exactly-once works for a real file that is only appended to; stdin has no offsets at all. */
  override exactlyOnceSupport(props: Record<string, string>): ExactlyOnceSupport {
    return configuredFile(props, SOURCE_CONFIG_DEF) === null ? 'UNSUPPORTED' : 'SUPPORTED';
  }

  /**
   * Checks offsets before they are altered over REST, with Kafka's messages. Tombstones (reset) are
   * always allowed so garbage offsets can be cleaned up; whether a position fits the file is
   * checked by the task when it opens the file.
   */
  override alterOffsets(
    connectorConfig: Record<string, string>,
    offsets: ReadonlyArray<{ partition: SourcePartition; offset: SourceOffset | null }>,
  ): boolean {
    if (configuredFile(connectorConfig, SOURCE_CONFIG_DEF) === null) {
      throw new ConnectException(`Offsets cannot be modified if the '${FILE_CONFIG}' configuration is unspecified. ` +
        'This is because stdin is used for input and offsets are not tracked.');
    }
    for (const { partition, offset } of offsets) {
      if (offset === null) continue;
      if (!Object.hasOwn(offset, POSITION_FIELD)) {
        throw new ConnectException(`Offset objects should either be null or contain the key '${POSITION_FIELD}'`);
      }
      const position = positionOf(offset[POSITION_FIELD]);
      if (position === null || position === 'invalid') {
        throw new ConnectException(`The value for the '${POSITION_FIELD}' key in the offset is expected to be a Long value`);
      }
      if (position < 0) {
        throw new ConnectException(`The value for the '${POSITION_FIELD}' key in the offset should be a non-negative value`);
      }
      if (partition === null || partition === undefined) throw new ConnectException('Partition objects cannot be null');
      if (!Object.hasOwn(partition, FILENAME_FIELD)) {
        throw new ConnectException(`Partition objects should contain the key '${FILENAME_FIELD}'`);
      }
    }
    return true;
  }
}
