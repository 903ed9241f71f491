/** A partition of a Kafka topic. Plain data: compare with `sameTopicPartition`, not `===`. */
export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

/** A position in a partition, as sink tasks report it in preCommit (the next offset to read). */
export interface TopicPartitionOffset extends TopicPartition {
  readonly offset: number;
  readonly metadata?: string;
}

export function sameTopicPartition(a: TopicPartition, b: TopicPartition): boolean {
  return a.topic === b.topic && a.partition === b.partition;
}

/** A string key for maps keyed by partition: `topic-partition`, as Kafka prints a TopicPartition. */
export function topicPartitionKey(tp: TopicPartition): string {
  return `${tp.topic}-${tp.partition}`;
}
