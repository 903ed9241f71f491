import { Config, type ConfigDef } from '../config/config-def.ts';
import type { SourcePartition, SourceOffset } from '../data/source-record.ts';
import type { OffsetStorageReader, SinkTask, SourceTask, Task } from './task.ts';
import type { TopicPartition } from './topic-partition.ts';

/** Lets a connector talk back to the worker that runs it. */
export interface ConnectorContext {
  /** The connector's task configs should be regenerated (e.g. a table was added). */
  requestTaskReconfiguration(): void;
  /** The connector failed in a background thread of work; it will be marked FAILED. */
  raiseError(error: Error): void;
}

export interface SourceConnectorContext extends ConnectorContext {
  offsetStorageReader(): OffsetStorageReader;
}

export type SinkConnectorContext = ConnectorContext;

/** Kafka's ExactlyOnceSupport; null from exactlyOnceSupport() means "unknown". */
export type ExactlyOnceSupport = 'SUPPORTED' | 'UNSUPPORTED';
/** Kafka's ConnectorTransactionBoundaries. */
export type ConnectorTransactionBoundaries = 'SUPPORTED' | 'UNSUPPORTED';

/** Creates a task instance; a task class with a no-argument constructor is one. */
export type TaskClass<T extends Task> = new () => T;

/**
 * A connector: configured once, it splits its work into task configs; tasks do the copying.
 * The worker calls initialize → start → taskConfigs (again after requestTaskReconfiguration) → stop.
 * Connector configs are string maps, as they arrive over REST.
 */
export abstract class Connector {
  #context: ConnectorContext | undefined;

  /** Called by the worker before start. */
  initialize(context: ConnectorContext): void {
    this.#context = context;
  }

  protected get context(): ConnectorContext {
    if (this.#context === undefined) throw new Error('Connector used before initialize()');
    return this.#context;
  }

  /** The plugin's version, shown by GET /connector-plugins. */
  abstract version(): string;

  abstract start(props: Record<string, string>): void | Promise<void>;

  /** A new config for a running connector. By default: stop, then start with it. */
  async reconfigure(props: Record<string, string>): Promise<void> {
    await this.stop();
    await this.start(props);
  }

  abstract taskClass(): TaskClass<Task>;

  /** At most `maxTasks` task configs; each becomes one task. */
  abstract taskConfigs(maxTasks: number): Record<string, string>[] | Promise<Record<string, string>[]>;

  abstract stop(): void | Promise<void>;

  /** The connector's config definition: drives validation, the REST API and the docs. */
  abstract config(): ConfigDef;

  /**
   * Validates a connector config (PUT /connector-plugins/{type}/config/validate). The default
   * checks it against config(); override to add checks that need I/O (e.g. can we connect?).
   */
  validate(connectorConfigs: Record<string, string>): Config | Promise<Config> {
    return new Config(this.config().validate(connectorConfigs));
  }
}

export abstract class SourceConnector extends Connector {
  protected override get context(): SourceConnectorContext {
    return super.context as SourceConnectorContext;
  }

  abstract override taskClass(): TaskClass<SourceTask>;

  /** Can this connector's tasks give exactly-once delivery with this config? null = unknown. */
  exactlyOnceSupport(_connectorConfig: Record<string, string>): ExactlyOnceSupport | null {
    return null;
  }

  /** Can the connector define its own transaction boundaries (transaction.boundary=connector)? */
  canDefineTransactionBoundaries(_connectorConfig: Record<string, string>): ConnectorTransactionBoundaries {
    return 'UNSUPPORTED';
  }

  /**
   * Called before offsets are altered or reset over REST (offset null = reset that partition).
   * Return true if the connector acknowledges the change; the default false means "not checked"
   * and the worker still applies it. Throw to reject it.
   */
  alterOffsets(
    _connectorConfig: Record<string, string>,
    _offsets: ReadonlyArray<{ partition: SourcePartition; offset: SourceOffset | null }>,
  ): boolean | Promise<boolean> {
    return false;
  }
}

export abstract class SinkConnector extends Connector {
  /** The config key that lists the topics a sink consumes. */
  static readonly TOPICS_CONFIG = 'topics';

  abstract override taskClass(): TaskClass<SinkTask>;

  /** As SourceConnector.alterOffsets, for consumer offsets (offset null = reset). */
  alterOffsets(
    _connectorConfig: Record<string, string>,
    _offsets: ReadonlyArray<{ topicPartition: TopicPartition; offset: number | null }>,
  ): boolean | Promise<boolean> {
    return false;
  }
}
