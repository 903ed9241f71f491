#!/usr/bin/env node
// The tributary command line: `tributary <command> [options]`.
import { runCli } from '../cli/main.ts';

process.exitCode = await runCli(process.argv.slice(2));
