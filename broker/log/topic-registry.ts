// The persisted list of topics: name, Kafka topic id, partition count and the raw config overrides
// as the user gave them. One JSON file in the first log dir, replaced atomically (temp file,
// fsync, rename, fsync dir), so a crash leaves either the old list or the new one.
// Each partition directory also gets Kafka's `partition.metadata` (its topic id).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { KafkaError } from '../kafka-error.ts';
import { fsyncDir, writeFileAtomically } from './segment-files.ts';

export const TOPICS_FILE = 'tributary-topics.json';
export const PARTITION_METADATA_FILE = 'partition.metadata';

export type TopicInfo = {
  name: string;
  /** Kafka's Uuid string form (22 characters, URL-safe base64). */
  topicId: string;
  partitions: number;
  /** Topic-level config overrides, raw strings keyed by Kafka's names (`retention.ms`, …). */
  overrides: Record<string, string>;
};

type TopicsFile = { version: 1; topics: TopicInfo[] };

export async function readTopics(dir: string): Promise<TopicInfo[]> {
  let text: string;
  try {
    text = await readFile(join(dir, TOPICS_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const parsed = JSON.parse(text) as TopicsFile;
  if (parsed.version !== 1 || !Array.isArray(parsed.topics)) {
    throw new KafkaError('KAFKA_STORAGE_ERROR', `${join(dir, TOPICS_FILE)} has an unknown format`);
  }
  return parsed.topics;
}

export async function writeTopics(dir: string, topics: Iterable<TopicInfo>): Promise<void> {
  const content: TopicsFile = { version: 1, topics: [...topics] };
  await writeFileAtomically(join(dir, TOPICS_FILE), JSON.stringify(content, null, 2) + '\n');
  await fsyncDir(dir);
}

export async function writePartitionMetadata(partitionDir: string, topicId: string): Promise<void> {
  await writeFileAtomically(join(partitionDir, PARTITION_METADATA_FILE), `version: 0\ntopic_id: ${topicId}\n`);
}
