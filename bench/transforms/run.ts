// Transform throughput, records/s on one core (the chain runs on the calling thread), for
// 1 KiB order records, schemaless maps and schema'd structs side by side:
//   pass-through · a chain of 5 Kafka SMTs · MaskPii on named fields · MaskPii content detection.
// Target from the PII issue: ≥ 300k records/s per core for MaskPii on named fields.
// Run: ./node_modules/.bin/node bench/transforms/run.ts [seconds-per-case]
import { cpus } from 'node:os';
import type { ConnectRecord } from '../../runtime/data/index.ts';
import { applyChain, buildChain } from '../../transforms/testing/index.ts';
import { RECORD_BYTES, records } from './records.ts';

const SECONDS = Number(process.argv[2] ?? 1.5);
const POOL = 2048;
const KEY = 'bench-only-hmac-key-0123456789abcdef';

const CASES: Record<string, Record<string, string>> = {
  'pass-through': { transforms: '' },
  'chain of 5 SMTs': {
    transforms: 'insert,rename,mask,cast,route',
    'transforms.insert.type': 'InsertField$Value', 'transforms.insert.topic.field': 'source_topic',
    'transforms.rename.type': 'ReplaceField$Value', 'transforms.rename.renames': 'status:order_status',
    'transforms.mask.type': 'MaskField$Value', 'transforms.mask.fields': 'user_agent',
    'transforms.cast.type': 'Cast$Value', 'transforms.cast.spec': 'total:string',
    'transforms.route.type': 'RegexRouter', 'transforms.route.regex': 'orders', 'transforms.route.replacement': 'orders-masked',
  },
  'PII named (no HMAC)': {
    transforms: 'pii', 'transforms.pii.type': 'MaskPii$Value',
    'transforms.pii.rules': 'part,red',
    'transforms.pii.rules.part.fields': 'customer.phone', 'transforms.pii.rules.part.action': 'partial',
    'transforms.pii.rules.red.fields': 'customer.email,customer.ssn,items[*].card',
  },
  'PII named (+HMAC token)': {
    transforms: 'pii', 'transforms.pii.type': 'MaskPii$Value',
    'transforms.pii.rules': 'tok,part,red',
    'transforms.pii.rules.tok.fields': 'customer.email', 'transforms.pii.rules.tok.action': 'hash',
    'transforms.pii.rules.part.fields': 'customer.phone', 'transforms.pii.rules.part.action': 'partial',
    'transforms.pii.rules.red.fields': 'customer.ssn,items[*].card',
    'transforms.pii.hash.key': KEY, 'transforms.pii.hash.key.id': 'k1',
  },
  'PII content detection': {
    transforms: 'pii', 'transforms.pii.type': 'MaskPii$Value',
    'transforms.pii.detectors': 'email,phone,card,ssn,iban,ip',
  },
};

function measure(config: Record<string, string>, input: readonly ConnectRecord[]): number {
  const chain = buildChain(config);
  let sink = 0;
  for (let i = 0; i < 20_000; i++) sink += applyChain(chain, input[i % POOL]) === null ? 0 : 1;
  let done = 0;
  const start = process.hrtime.bigint();
  const budget = BigInt(Math.round(SECONDS * 1e9));
  while (process.hrtime.bigint() - start < budget) {
    for (let i = 0; i < 1000; i++) sink += applyChain(chain, input[(done + i) % POOL]) === null ? 0 : 1;
    done += 1000;
  }
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  if (sink === -1) console.log(sink);
  return done / elapsed;
}

const schemaless = records(POOL, false);
const structs = records(POOL, true);
const fmt = (n: number): string => `${Math.round(n / 1000).toLocaleString('en-US')}k`.padStart(10);
console.log(`Node ${process.version}, ${cpus()[0]?.model ?? 'cpu'}; record ≈ ${RECORD_BYTES} B of JSON; ${SECONDS}s per case; records/s on one core`);
console.log(`${'case'.padEnd(24)}${'schemaless'.padStart(12)}${'struct'.padStart(12)}`);
for (const [name, config] of Object.entries(CASES)) {
  console.log(`${name.padEnd(24)}  ${fmt(measure(config, schemaless))}  ${fmt(measure(config, structs))}`);
}
console.log('target: PII named fields ≥ 300k records/s per core');
