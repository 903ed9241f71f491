// kafka-python 2.0.2 (pure Python, ApiVersions v0 and old non-flexible request versions)
// against the bundled broker: KafkaProducer, KafkaConsumer with assign() (no group),
// offsets_for_times and KafkaAdminClient. It has no idempotent producer (FINDINGS.md).
import { join } from 'node:path';
import { driverSuite } from './driver-suite.ts';
import { compatDir, systemPython } from './harness.ts';

driverSuite({
  client: 'kafka-python',
  command: systemPython,
  baseArgs: [join(compatDir, 'python', 'kafka_python_client.py')],
  codecs: ['gzip', 'snappy', 'lz4', 'zstd'],
  idempotence: false,
});
