// Persistence of a partition's log start offset (advanced by DeleteRecords). Kafka keeps these in
// a per-directory `log-start-offset-checkpoint`; here each partition directory holds its own
// file in the same text shape (version line, entry count, value) so a partition can be opened on
// its own. Written atomically: a crash leaves the old value or the new one, never a torn file.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { KafkaError } from '../kafka-error.ts';
import { fsyncDir, writeFileAtomically } from './segment-files.ts';

export const LOG_START_OFFSET_FILE = 'log-start-offset-checkpoint';

export async function readLogStartOffset(dir: string): Promise<number | null> {
  let text: string;
  try {
    text = await readFile(join(dir, LOG_START_OFFSET_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const [version, count, value] = text.split('\n');
  const offset = Number(value);
  if (version !== '0' || count !== '1' || !Number.isSafeInteger(offset) || offset < 0) {
    throw new KafkaError('KAFKA_STORAGE_ERROR', `${join(dir, LOG_START_OFFSET_FILE)} is malformed`);
  }
  return offset;
}

export async function writeLogStartOffset(dir: string, offset: number): Promise<void> {
  await writeFileAtomically(join(dir, LOG_START_OFFSET_FILE), `0\n1\n${offset}\n`);
  await fsyncDir(dir);
}
