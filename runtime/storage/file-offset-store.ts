// Source offsets of standalone mode in one local file (`offset.storage.file.filename`, Kafka's
// FileOffsetBackingStore). Keys are Kafka's: the JSON of `["<connector>", {<source partition>}]`;
// values the JSON of the source offset. The file is rewritten whole through a temporary file and
// a rename, so a crash leaves either the old or the new set of offsets, never a torn file.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { SourcePartition } from '../data/source-record.ts';
import type { OffsetEntry, OffsetStore } from './offset-backing-store.ts';

export class FileOffsetStore implements OffsetStore {
  readonly #path: string;
  readonly #data = new Map<string, string>();
  #writing: Promise<void> = Promise.resolve();

  constructor(path: string) {
    this.#path = path;
  }

  get path(): string {
    return this.#path;
  }

  /** Reads the file; a missing file is an empty store. */
  async start(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.#path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw e;
    }
    const entries = JSON.parse(text) as Array<[string, string]>;
    for (const [key, value] of entries) this.#data.set(key, value);
  }

  stop(): Promise<void> {
    return this.#writing;
  }

  async get(connector: string, partitions: readonly SourcePartition[]): Promise<OffsetEntry[]> {
    return partitions.map((partition) => {
      const value = this.#data.get(offsetKey(connector, partition));
      return { partition, offset: value === undefined ? null : JSON.parse(value) };
    });
  }

  async offsets(connector: string): Promise<OffsetEntry[]> {
    const out: OffsetEntry[] = [];
    for (const [key, value] of this.#data) {
      const [name, partition] = JSON.parse(key) as [string, SourcePartition];
      if (name === connector) out.push({ partition, offset: JSON.parse(value) });
    }
    return out;
  }

  /**
   * Writes offsets (null removes a partition) and resolves once they are on disk. Writes are
   * serialized: a later set never lands before an earlier one.
   */
  set(connector: string, entries: readonly OffsetEntry[]): Promise<void> {
    for (const { partition, offset } of entries) {
      const key = offsetKey(connector, partition);
      if (offset === null) this.#data.delete(key);
      else this.#data.set(key, JSON.stringify(offset));
    }
    const snapshot = JSON.stringify([...this.#data.entries()]);
    this.#writing = this.#writing.then(() => this.#write(snapshot));
    return this.#writing;
  }

  async #write(text: string): Promise<void> {
    await mkdir(dirname(this.#path), { recursive: true });
    const temp = `${this.#path}.tmp`;
    await writeFile(temp, text, { flush: true });
    await rename(temp, this.#path);
  }
}

function offsetKey(connector: string, partition: SourcePartition): string {
  return JSON.stringify([connector, partition]);
}
