// confluent-kafka-python 1.7.0 (librdkafka 2.0.2) against the bundled broker: Producer,
// Consumer with assign() (no consumer group), offsets_for_times and the AdminClient.
import { join } from 'node:path';
import { driverSuite } from './driver-suite.ts';
import { compatDir, systemPython } from './harness.ts';

driverSuite({
  client: 'confluent-kafka-python',
  command: systemPython,
  baseArgs: [join(compatDir, 'python', 'confluent_client.py')],
  codecs: ['gzip', 'snappy', 'lz4', 'zstd'],
  idempotence: true,
});
