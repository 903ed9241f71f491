// Child process for kill-9.test.ts: appends batches with acks=-1 forever, printing each
// acknowledged base offset on its own line only after the append resolved (i.e. after fsync).
import { PartitionLog } from '../../../broker/log/partition-log.ts';
import { logConfig } from '../../../broker/log/log-config.ts';
import { encodeBatch } from '../../../broker/protocol/records/record-codec.ts';

const dir = process.argv[2];
const log = await PartitionLog.open(dir, logConfig({ segmentBytes: 64 * 1024, indexIntervalBytes: 1024 }));
let n = 0;
// Several appends in flight at once, as from many producer connections.
async function producer(): Promise<never> {
  for (;;) {
    const i = n++;
    const records = Array.from({ length: 1 + (i % 5) }, (_, j) => ({ key: Buffer.from(`k${i}`), value: Buffer.from(`rec-${i}-${j}-${'x'.repeat(i % 200)}`) }));
    const { baseOffset, lastOffset } = await log.append(encodeBatch(records, { compression: i % 3 === 0 ? 'lz4' : 'none' }), { acks: -1 });
    process.stdout.write(`${baseOffset} ${lastOffset} ${i}\n`);
  }
}
await Promise.all([producer(), producer(), producer(), producer()]);
