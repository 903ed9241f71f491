// Sarama 1.22.1 (Go; Debian's golang-github-shopify-sarama-dev) against the bundled broker. It
// sends Metadata without an ApiVersions handshake and uses the oldest versions the broker serves
// (Produce v3, Fetch v4). The driver (sarama/main.go) is compiled once per run into a temporary
// directory, offline, against Debian's GOPATH; the binary is never committed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { driverSuite } from './driver-suite.ts';
import { compatDir, run } from './harness.ts';

const buildDir = mkdtempSync(join(tmpdir(), 'tributary-sarama-'));
const binary = join(buildDir, 'sarama-compat');

driverSuite({
  client: 'sarama',
  command: binary,
  baseArgs: [],
  codecs: ['gzip', 'snappy', 'lz4'],
  idempotence: true,
  prepare: async () => {
    await run('go', ['build', '-o', binary, '.'], {
      cwd: join(compatDir, 'sarama'), timeoutMs: 110_000,
      env: { GO111MODULE: 'off', GOPATH: '/usr/share/gocode', GOFLAGS: '' },
    });
  },
  cleanup: () => rmSync(buildDir, { recursive: true, force: true }),
});
