// Producer ids for InitProducerId. Ids must never repeat, even across restarts, or a new producer
// could be mistaken for an old one by the idempotence checks. Like Kafka's controller, we hand
// out ids in blocks and persist the end of the current block before using any id from it: after
// a crash the next block starts past every id that could have been given out.
import { open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';

const BLOCK_SIZE = 1000;
const FILE = 'producer-id-block';

export class ProducerIds {
  readonly #file: string;
  #next: number;
  #blockEnd: number;
  #reserving: Promise<void> | null = null;

  private constructor(file: string, next: number) {
    this.#file = file;
    this.#next = next;
    this.#blockEnd = next;
  }

  static async open(dir: string): Promise<ProducerIds> {
    const file = join(dir, FILE);
    let next = 0;
    try {
      next = Number((await readFile(file, 'utf8')).trim());
      if (!Number.isSafeInteger(next) || next < 0) throw new Error(`${file} is corrupt: remove it only if no producer is running`);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    return new ProducerIds(file, next);
  }

  /** The next unused producer id. */
  async allocate(): Promise<number> {
    while (this.#next >= this.#blockEnd) {
      this.#reserving ??= this.#reserveBlock().finally(() => { this.#reserving = null; });
      await this.#reserving;
    }
    return this.#next++;
  }

  async #reserveBlock(): Promise<void> {
    const end = this.#next + BLOCK_SIZE;
    await writeDurably(this.#file, String(end));
    this.#blockEnd = end;
  }

}

async function writeDurably(file: string, content: string): Promise<void> {
  const tmp = `${file}.tmp`;
  const handle = await open(tmp, 'w');
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, file);
}
