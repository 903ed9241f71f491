// `meta.properties`, one per log dir, written as a KRaft-mode Kafka broker writes it
// (version=1, cluster.id, node.id, directory.id), so the cluster id survives restarts and a dir
// cannot silently be reused by another node.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { KafkaError } from '../kafka-error.ts';
import { fsyncDir, writeFileAtomically } from './segment-files.ts';

export const META_PROPERTIES_FILE = 'meta.properties';

export type MetaProperties = { version: number; clusterId: string; nodeId: number; directoryId: string };

export async function readMetaProperties(dir: string): Promise<MetaProperties | null> {
  let text: string;
  try {
    text = await readFile(join(dir, META_PROPERTIES_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const props = parseProperties(text);
  const nodeId = Number(props.get('node.id'));
  const clusterId = props.get('cluster.id');
  if (clusterId === undefined || !Number.isInteger(nodeId)) {
    throw new KafkaError('KAFKA_STORAGE_ERROR', `${join(dir, META_PROPERTIES_FILE)} lacks cluster.id or node.id`);
  }
  return { version: Number(props.get('version') ?? 1), clusterId, nodeId, directoryId: props.get('directory.id') ?? '' };
}

export async function writeMetaProperties(dir: string, meta: MetaProperties): Promise<void> {
  const text = [
    '#',
    `#${new Date().toString()}`,
    `cluster.id=${meta.clusterId}`,
    `directory.id=${meta.directoryId}`,
    `node.id=${meta.nodeId}`,
    `version=${meta.version}`,
    '',
  ].join('\n');
  await writeFileAtomically(join(dir, META_PROPERTIES_FILE), text);
  await fsyncDir(dir);
}

function parseProperties(text: string): Map<string, string> {
  const props = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith('!')) continue;
    const eq = trimmed.search(/[=:]/);
    if (eq > 0) props.set(trimmed.slice(0, eq).trim(), trimmed.slice(eq + 1).trim());
  }
  return props;
}
