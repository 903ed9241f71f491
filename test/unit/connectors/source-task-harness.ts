import type { SourceOffset, SourcePartition, SourceTask, SourceTaskContext } from '../../../runtime/api/index.ts';

/** Starts a source task the way the worker does, with these committed offsets (keyed by JSON of the partition). */
export function initializeSourceTask(task: SourceTask, committed: ReadonlyArray<[SourcePartition, SourceOffset]> = []): void {
  const offsets = new Map(committed.map(([p, o]) => [JSON.stringify(p), o]));
  const context: SourceTaskContext = {
    configs: () => ({}),
    offsetStorageReader: () => ({
      offset: async (partition) => offsets.get(JSON.stringify(partition)) ?? null,
      offsets: async (partitions) => partitions.map((partition) => ({ partition, offset: offsets.get(JSON.stringify(partition)) ?? null })),
    }),
    transactionContext: () => null,
  };
  task.initialize(context);
}
