#!/usr/bin/env node
// The tributary command line: `tributary <command> [options]`.
import { runCli } from '../cli/main.ts';

// A long-running broker or worker must not die of one promise a library left unhandled (e.g. a
// Kafka client's background rejoin failing while it is being closed): log it and keep serving.
process.on('unhandledRejection', (reason) => {
  const err = reason instanceof Error ? { type: reason.name, message: reason.message, stack: reason.stack } : { message: String(reason) };
  process.stderr.write(JSON.stringify({ level: 50, time: Date.now(), pid: process.pid, name: 'tributary', err, msg: 'unhandled promise rejection' }) + '\n');
});

process.exitCode = await runCli(process.argv.slice(2));
