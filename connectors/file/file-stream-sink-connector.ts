import { SinkConnector, type ConfigDef, type TaskClass, type TopicPartition } from '../../runtime/api/index.ts';
import { RUNTIME_VERSION } from '../../runtime/plugins/runtime-version.ts';
import { configuredFile, FILE_CONFIG, SINK_CONFIG_DEF } from './file-stream-config.ts';
import { FileStreamSinkTask } from './file-stream-sink-task.ts';

export const FILE_STREAM_SINK_CLASS = 'org.apache.kafka.connect.file.FileStreamSinkConnector';

/**
 * Kafka's FileStreamSinkConnector: topics (`topics` / `topics.regex`, handled by the worker as for
 * every sink) to a file or standard output.
 */
export class FileStreamSinkConnector extends SinkConnector {
  #filename: string | null = null;

  version(): string {
    return RUNTIME_VERSION;
  }

  start(props: Record<string, string>): void {
    this.#filename = configuredFile(props, SINK_CONFIG_DEF);
  }

  taskClass(): TaskClass<FileStreamSinkTask> {
    return FileStreamSinkTask;
  }

  /** `tasks.max` identical task configs; the worker adds the topics to each, as Kafka's does. */
  taskConfigs(maxTasks: number): Record<string, string>[] {
    const config: Record<string, string> = this.#filename === null ? {} : { [FILE_CONFIG]: this.#filename };
    return Array.from({ length: maxTasks }, () => ({ ...config }));
  }

  stop(): void {}

  config(): ConfigDef {
    return SINK_CONFIG_DEF;
  }

  /** The connector keeps no offsets of its own and needs no checks: any change is acknowledged. */
  override alterOffsets(
    _connectorConfig: Record<string, string>,
    _offsets: ReadonlyArray<{ topicPartition: TopicPartition; offset: number | null }>,
  ): boolean {
    return true;
  }
}
