// The connector's `errors.*` settings, with Kafka Connect's names and defaults.
import { ConfigDef } from '../config/config-def.ts';
import { Range, caseInsensitiveValidString } from '../config/validators.ts';

export interface ErrorHandlingConfig {
  /** ms to keep retrying a retriable failure; 0 = never retry, -1 = forever. */
  readonly retryTimeoutMs: number;
  readonly retryDelayMaxMs: number;
  readonly toleranceAll: boolean;
  readonly logEnable: boolean;
  readonly logIncludeMessages: boolean;
  /** '' = no dead letter queue (sink connectors only, as in Kafka). */
  readonly dlqTopic: string;
  readonly dlqReplicationFactor: number;
  readonly dlqContextHeaders: boolean;
}

export const ERROR_HANDLING_CONFIG = new ConfigDef()
  .define({ name: 'errors.retry.timeout', type: 'LONG', defaultValue: 0, validator: Range.atLeast(-1), importance: 'MEDIUM', group: 'Error Handling', documentation: 'Maximum duration in milliseconds that a failed operation will be reattempted. 0: no retries; -1: infinite retries.' })
  .define({ name: 'errors.retry.delay.max.ms', type: 'LONG', defaultValue: 60000, validator: Range.atLeast(1), importance: 'MEDIUM', group: 'Error Handling', documentation: 'Maximum duration in milliseconds between consecutive retry attempts (exponential backoff from 300 ms).' })
  .define({ name: 'errors.tolerance', type: 'STRING', defaultValue: 'none', validator: caseInsensitiveValidString('none', 'all'), importance: 'MEDIUM', group: 'Error Handling', documentation: "'none': any error fails the task; 'all': problematic records are skipped (and reported)." })
  .define({ name: 'errors.log.enable', type: 'BOOLEAN', defaultValue: false, importance: 'MEDIUM', group: 'Error Handling', documentation: 'Log each failed operation and problematic record.' })
  .define({ name: 'errors.log.include.messages', type: 'BOOLEAN', defaultValue: false, importance: 'MEDIUM', group: 'Error Handling', documentation: 'Include the record (topic, partition, offset, timestamp; key and value for source records) in the log.' })
  .define({ name: 'errors.deadletterqueue.topic.name', type: 'STRING', defaultValue: '', importance: 'MEDIUM', group: 'Error Handling', documentation: 'Topic receiving the records a sink task could not process (sink connectors only).' })
  .define({ name: 'errors.deadletterqueue.topic.replication.factor', type: 'SHORT', defaultValue: 3, importance: 'MEDIUM', group: 'Error Handling', documentation: 'Replication factor of the dead letter queue topic when it is created.' })
  .define({ name: 'errors.deadletterqueue.context.headers.enable', type: 'BOOLEAN', defaultValue: false, importance: 'MEDIUM', group: 'Error Handling', documentation: 'Add __connect.errors.* headers describing the failure to dead letter queue records.' });

export function errorHandlingConfig(props: Readonly<Record<string, string>>): ErrorHandlingConfig {
  const c = ERROR_HANDLING_CONFIG.parse(props);
  return {
    retryTimeoutMs: Number(c['errors.retry.timeout']),
    retryDelayMaxMs: Number(c['errors.retry.delay.max.ms']),
    toleranceAll: String(c['errors.tolerance']).toLowerCase() === 'all',
    logEnable: c['errors.log.enable'] as boolean,
    logIncludeMessages: c['errors.log.include.messages'] as boolean,
    dlqTopic: String(c['errors.deadletterqueue.topic.name']).trim(),
    dlqReplicationFactor: Number(c['errors.deadletterqueue.topic.replication.factor']),
    dlqContextHeaders: c['errors.deadletterqueue.context.headers.enable'] as boolean,
  };
}
