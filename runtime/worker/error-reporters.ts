// Where failures go: the task's log (errors.log.enable) and, for sink connectors, a dead letter
// queue topic with Kafka's `__connect.errors.*` context headers. Only the exception message and
// stack trace travel in headers — never record values — so a masking transform's output is not
// undone by an error report.
import type { Logger } from 'pino';
import type { KafkaProducer } from '../kafka/producer.ts';
import type { ErrorHandlingConfig } from './error-handling-config.ts';
import type { ErrorReporter, ProcessingContext } from './retry-with-tolerance.ts';

export const DLQ_HEADER_PREFIX = '__connect.errors.';

export class LogReporter implements ErrorReporter {
  readonly #log: Logger;
  readonly #taskId: string;
  readonly #includeMessages: boolean;

  constructor(log: Logger, taskId: string, includeMessages: boolean) {
    this.#log = log;
    this.#taskId = taskId;
    this.#includeMessages = includeMessages;
  }

  async report(c: ProcessingContext): Promise<void> {
    let where = '';
    if (c.consumed !== undefined) {
      where = this.#includeMessages
        ? `, where consumed record is {topic='${c.consumed.topic}', partition=${c.consumed.partition}, offset=${c.consumed.offset}, timestamp=${c.consumed.timestamp}}`
        : '';
    } else if (c.source !== undefined && this.#includeMessages) {
      where = `, where source record is = ${c.source.toString()}`;
    }
    this.#log.error({ err: c.error, stage: c.stage, attempts: c.attempts },
      `Error encountered in task ${this.#taskId}. Executing stage '${c.stage}' with class '${c.className}'${where}.`);
  }
}

export class DeadLetterQueueReporter implements ErrorReporter {
  readonly #producer: KafkaProducer;
  readonly #config: ErrorHandlingConfig;
  readonly #connector: string;
  readonly #task: number;

  constructor(producer: KafkaProducer, config: ErrorHandlingConfig, connector: string, task: number) {
    this.#producer = producer;
    this.#config = config;
    this.#connector = connector;
    this.#task = task;
  }

  /** Sends the consumed record's original bytes; waits for the ack so the offset after it can be committed. */
  async report(c: ProcessingContext): Promise<void> {
    if (c.consumed === undefined) return; // source records have no consumed bytes (Kafka: DLQ is sink-only)
    const headers: Array<[string, Buffer | null]> = c.consumed.headers.map(([k, v]) => [k, v]);
    if (this.#config.dlqContextHeaders) headers.push(...this.#contextHeaders(c));
    await this.#producer.send({ topic: this.#config.dlqTopic, key: c.consumed.key, value: c.consumed.value, headers, timestamp: c.consumed.timestamp });
  }

  #contextHeaders(c: ProcessingContext): Array<[string, Buffer]> {
    const h = (name: string, value: string): [string, Buffer] => [DLQ_HEADER_PREFIX + name, Buffer.from(value, 'utf8')];
    const out = [
      h('topic', c.consumed!.topic),
      h('partition', String(c.consumed!.partition)),
      h('offset', String(c.consumed!.offset)),
      h('connector.name', this.#connector),
      h('task.id', String(this.#task)),
      h('stage', c.stage),
      h('class.name', c.className),
      h('exception.class.name', c.error.name || c.error.constructor.name),
    ];
    if (c.error.message) out.push(h('exception.message', c.error.message));
    if (c.error.stack) out.push(h('exception.stacktrace', c.error.stack));
    return out;
  }
}
