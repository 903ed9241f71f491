// Kafka's topic-name rules (org.apache.kafka.common.internals.Topic).
import { KafkaError } from '../kafka-error.ts';

export const MAX_TOPIC_NAME_LENGTH = 249;

export function validateTopicName(name: string): void {
  if (name.length === 0) throw new KafkaError('INVALID_TOPIC_EXCEPTION', 'topic name is empty');
  if (name === '.' || name === '..') throw new KafkaError('INVALID_TOPIC_EXCEPTION', `topic name cannot be "${name}"`);
  if (name.length > MAX_TOPIC_NAME_LENGTH) {
    throw new KafkaError('INVALID_TOPIC_EXCEPTION', `topic name is ${name.length} characters long; the limit is ${MAX_TOPIC_NAME_LENGTH}`);
  }
  if (!/^[a-zA-Z0-9._-]+$/.test(name)) {
    throw new KafkaError('INVALID_TOPIC_EXCEPTION', `topic name "${name}" has characters other than ASCII alphanumerics, '.', '_' and '-'`);
  }
}

/** '.' and '_' collide in metric names, so Kafka refuses topics that differ only by them. */
export function collisionKey(name: string): string {
  return name.replaceAll('.', '_');
}
