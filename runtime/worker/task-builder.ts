// Builds a task runner from the connector config and a task config: the task instance, its
// converters, transform chain, error handler (log + DLQ reporters) and Kafka clients.
import type { Logger } from 'pino';
import type { SinkTask, SourceTask } from '../api/task.ts';
import { ConfigException } from '../config/config-exception.ts';
import type { KafkaClients } from '../kafka/kafka-clients.ts';
import type { KafkaProducer } from '../kafka/producer.ts';
import { KafkaOffsetBackingStore, ConnectorOffsetBackingStore, type OffsetStore } from '../storage/offset-backing-store.ts';
import { taskConverters } from './converters-wiring.ts';
import { errorHandlingConfig } from './error-handling-config.ts';
import { DeadLetterQueueReporter, LogReporter } from './error-reporters.ts';
import { RetryWithToleranceOperator } from './retry-with-tolerance.ts';
import { SinkTaskRunner } from './sink-task-runner.ts';
import { SourceTaskRunner } from './source-task-runner.ts';
import type { TaskId, TaskRunner, TaskState } from './task-runner.ts';
import { TopicCreation } from './topic-creation.ts';
import { TransformChain } from './transform-chain.ts';
import { withPrefix, type EngineSettings } from './worker-config.ts';
import type { WorkerPlugins } from './worker-plugins.ts';

export interface TaskBuildContext {
  readonly plugins: WorkerPlugins;
  readonly clients: KafkaClients;
  readonly workerProps: Readonly<Record<string, string>>;
  readonly settings: EngineSettings;
  readonly offsetStore: OffsetStore;
  readonly logger: Logger;
}

export interface BuiltTask {
  readonly runner: TaskRunner;
  /** Releases what the runner does not own (producers, connector-specific stores). */
  close(): Promise<void>;
}

export async function buildTask(
  ctx: TaskBuildContext, id: TaskId, connectorConfig: Readonly<Record<string, string>>, taskConfig: Readonly<Record<string, string>>,
  onStateChange: (state: TaskState, error?: Error) => void, onTopicUsed?: (topic: string) => void,
): Promise<BuiltTask> {
  const className = connectorConfig['connector.class'];
  if (!className) throw new ConfigException('connector.class', null, 'required');
  const type = ctx.plugins.connectorType(className);
  const TaskClass = ctx.plugins.newConnector(className).taskClass();
  const converters = taskConverters(ctx.plugins, connectorConfig, ctx.workerProps);
  const chain = TransformChain.build(connectorConfig, ctx.plugins);
  const errors = errorHandlingConfig(connectorConfig);
  const operator = new RetryWithToleranceOperator(errors);
  const taskName = `${id.connector}-${id.task}`;
  const log = ctx.logger.child({ connector: id.connector, task: id.task });
  if (errors.logEnable) operator.addReporter(new LogReporter(log, taskName, errors.logIncludeMessages));
  const closers: Array<() => Promise<void>> = [];
  const base = { id, taskConfig, logger: ctx.logger, onStateChange, onTopicUsed, converters, chain, operator };

  if (type === 'sink') {
    if (errors.dlqTopic !== '') {
      const admin = ctx.clients.admin(`${taskName}-dlq-admin`);
      try {
        await admin.createTopic({ name: errors.dlqTopic, partitions: 1, replicationFactor: errors.dlqReplicationFactor });
      } finally {
        await admin.close();
      }
      const dlq = ctx.clients.producer(`${taskName}-dlq`, { logger: log }, withPrefix(connectorConfig, 'producer.override.'));
      closers.push(() => dlq.close());
      operator.addReporter(new DeadLetterQueueReporter(dlq, errors, id.connector, id.task));
    }
    const topics = (connectorConfig.topics ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
    if (topics.length === 0) throw new ConfigException('topics', connectorConfig.topics ?? null, 'a sink connector needs topics');
    const overrides = withPrefix(connectorConfig, 'consumer.override.');
    const consumer = ctx.clients.groupConsumer(taskName, {
      groupId: overrides['group.id'] ?? `connect-${id.connector}`, topics,
      autoOffsetReset: (overrides['auto.offset.reset'] ?? 'earliest') as 'earliest' | 'latest' | 'none',
    }, overrides);
    const runner = new SinkTaskRunner({ ...base, task: new TaskClass() as SinkTask, consumer, offsetCommitIntervalMs: ctx.settings.offsetFlushIntervalMs });
    return { runner, close: async () => { for (const c of closers) await c(); } };
  }

  // Kafka Connect's defaults for source producers (acks=all, idempotent); producer.* / producer.override.* win.
  const producer: KafkaProducer = ctx.clients.producer(taskName, { logger: log }, withPrefix(connectorConfig, 'producer.override.'), { acks: -1, idempotent: true, lingerMs: 5 });
  closers.push(() => producer.close());
  let offsetStore = ctx.offsetStore;
  const ownTopic = connectorConfig['offsets.storage.topic'];
  if (ownTopic) {
    const own = new KafkaOffsetBackingStore(ctx.clients, { name: ownTopic, partitions: -1, replicationFactor: -1 }, `${taskName}-offsets`, ctx.logger);
    offsetStore = new ConnectorOffsetBackingStore(own, ctx.offsetStore, ctx.logger);
    await offsetStore.start();
    closers.push(() => offsetStore.stop());
  }
  const admin = ctx.clients.admin(`${taskName}-topic-creation`);
  closers.push(() => admin.close());
  const runner = new SourceTaskRunner({
    ...base, task: new TaskClass() as SourceTask, producer, offsetStore,
    topicCreation: TopicCreation.from(connectorConfig, ctx.settings.topicCreationEnable, admin),
    offsetFlushIntervalMs: ctx.settings.offsetFlushIntervalMs, offsetFlushTimeoutMs: ctx.settings.offsetFlushTimeoutMs,
    maxInFlight: ctx.settings.sourceMaxInFlight,
  });
  return { runner, close: async () => { for (const c of closers) await c(); } };
}
