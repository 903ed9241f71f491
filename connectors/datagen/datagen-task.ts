import { randomBytes } from 'node:crypto';
import { SourceRecord, SourceTask, type Schema } from '../../runtime/api/index.ts';
import { RUNTIME_VERSION } from '../../runtime/plugins/runtime-version.ts';
import { datagenSettings, TASK_COUNT_CONFIG, TASK_INDEX_CONFIG, type DatagenSettings } from './datagen-config.ts';
import { RecordRandom } from './record-random.ts';

/** Source partition and offset keys: one partition per task, offset = records it has produced. */
export const TASK_ID_FIELD = 'task.id';
export const CURRENT_ITERATION_FIELD = 'current.iteration';

/** How long poll() idles once the task has produced its share of `iterations`. */
const DONE_WAIT_MS = 1000;

/**
 * Generates records. Task `i` of `n` makes records with global index i, i+n, i+2n, … below
 * `iterations`; each record's content depends only on the seed and its global index, so the same
 * seed gives the same records whatever tasks.max is, and a restart continues the sequence.
 */
export class DatagenTask extends SourceTask {
  #settings!: DatagenSettings;
  #rng!: RecordRandom;
  #keySchema: Schema | null = null;
  #taskIndex = 0;
  #taskCount = 1;
  #produced = 0;
  #partition: Record<string, unknown> = {};
  #stopped = false;
  #wake: (() => void) | null = null;

  version(): string {
    return RUNTIME_VERSION;
  }

  async start(props: Record<string, string>): Promise<void> {
    this.#settings = datagenSettings(props);
    this.#taskIndex = Number(props[TASK_INDEX_CONFIG] ?? 0);
    this.#taskCount = Number(props[TASK_COUNT_CONFIG] ?? 1);
    this.#rng = new RecordRandom(this.#settings.seed ?? randomBytes(8).readBigUInt64BE());
    const keyField = this.#settings.keyField;
    this.#keySchema = keyField === null ? null : this.#settings.schema.valueSchema.field(keyField)!.schema;
    this.#partition = { [TASK_ID_FIELD]: this.#taskIndex };
    const offset = await this.context.offsetStorageReader().offset(this.#partition);
    const resumed = offset?.[CURRENT_ITERATION_FIELD];
    this.#produced = typeof resumed === 'bigint' || typeof resumed === 'number' ? Number(resumed) : 0;
    this.#stopped = false;
  }

  async poll(): Promise<SourceRecord[] | null> {
    const { maxInterval, batchSize } = this.#settings;
    if (maxInterval > 0) await this.#sleep(Math.floor(Math.random() * maxInterval));
    if (this.#stopped) return null;
    const count = Math.min(maxInterval > 0 ? 1 : batchSize, this.#remaining());
    if (count <= 0) {
      await this.#sleep(DONE_WAIT_MS);
      return null;
    }
    const records = new Array<SourceRecord>(count);
    const now = Date.now();
    for (let i = 0; i < count; i++) records[i] = this.#next(now);
    return records;
  }

  stop(): void {
    this.#stopped = true;
    this.#wake?.();
  }

  /** Records this task may still produce (Infinity when iterations is -1). */
  #remaining(): number {
    const { iterations } = this.#settings;
    if (iterations < 0) return Infinity;
    const share = Math.max(0, Math.ceil((iterations - this.#taskIndex) / this.#taskCount));
    return share - this.#produced;
  }

  #next(timestamp: number): SourceRecord {
    const index = this.#produced * this.#taskCount + this.#taskIndex;
    this.#produced++;
    this.#rng.seek(index);
    const value = this.#settings.schema.generate(this.#rng, index);
    const keyField = this.#settings.keyField;
    return new SourceRecord({
      sourcePartition: this.#partition,
      sourceOffset: { [CURRENT_ITERATION_FIELD]: this.#produced },
      topic: this.#settings.topic,
      keySchema: this.#keySchema,
      key: keyField === null ? null : value.get(keyField),
      valueSchema: this.#settings.schema.valueSchema,
      value,
      timestamp,
    });
  }

  async #sleep(ms: number): Promise<void> {
    if (this.#stopped || ms <= 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = done;
    });
    this.#wake = null;
  }
}
