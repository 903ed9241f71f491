// Source offsets of standalone mode in one local file (`offset.storage.file.filename`, Kafka's
// FileOffsetBackingStore). Keys are Kafka's: the JSON of `["<connector>", {<source partition>}]`;
// values the JSON of the source offset. The file is rewritten whole through a temporary file and
// a rename, so a crash leaves either the old or the new set of offsets, never a torn file.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export type PartitionMap = Record<string, unknown>;

export class FileOffsetStore {
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

  /** The offset last written for this connector's source partition, or null. */
  get(connector: string, partition: PartitionMap): PartitionMap | null {
    const value = this.#data.get(offsetKey(connector, partition));
    return value === undefined ? null : JSON.parse(value) as PartitionMap;
  }

  /** Every partition of one connector with its offset. */
  offsets(connector: string): Array<{ partition: PartitionMap; offset: PartitionMap }> {
    const out: Array<{ partition: PartitionMap; offset: PartitionMap }> = [];
    for (const [key, value] of this.#data) {
      const [name, partition] = JSON.parse(key) as [string, PartitionMap];
      if (name === connector) out.push({ partition, offset: JSON.parse(value) as PartitionMap });
    }
    return out;
  }

  /**
   * Writes offsets (null removes a partition) and resolves once they are on disk. Writes are
   * serialized: a later set never lands before an earlier one.
   */
  set(connector: string, offsets: ReadonlyArray<{ partition: PartitionMap; offset: PartitionMap | null }>): Promise<void> {
    for (const { partition, offset } of offsets) {
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

function offsetKey(connector: string, partition: PartitionMap): string {
  return JSON.stringify([connector, partition]);
}
