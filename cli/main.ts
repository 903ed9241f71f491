// Dispatches `tributary <command>` to the command's module.
import { readFileSync } from 'node:fs';
import { brokerCommand } from './broker-command.ts';
import { standaloneCommand } from './standalone-command.ts';
import { startCommand } from './start-command.ts';
import { workerCommand } from './worker-command.ts';
import { transformsTestCommand } from '../transforms/testing/runner.ts';

const usage = `Usage: tributary <command> [options]

Commands:
  start [--kafka-port 9092] [--rest-port 8083] [--data-dir ./data]
      The bundled broker and one Connect worker in one process (what \`npm start\` runs).
  broker [server.properties] [--override name=value]...
      Run the bundled Kafka-wire broker (Kafka's server.properties names and defaults).
  worker worker.properties
      Run a Connect worker in distributed mode: workers sharing a group.id form a cluster.
  standalone worker.properties [connector.properties | connector.json]...
      Run one Connect worker with connectors from files and offsets in a local file, like
      Kafka's connect-standalone; the Connect REST API listens on \`listeners\` (default :8083).
  transforms test FILE...
      Run transform test files (a transform chain, input records, expected output) and
      print a diff for each mismatch.

Options:
  -h, --help       Show this help.
  -v, --version    Show the version.

Environment: TRIBUTARY_<NAME> sets a broker setting (TRIBUTARY_LOG_DIRS=/data sets log.dirs),
TRIBUTARY_LOG_LEVEL sets the log level (trace, debug, info, warn, error).`;

export async function runCli(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'broker':
      return brokerCommand(rest);
    case 'start':
      return startCommand(rest);
    case 'worker':
      return workerCommand(rest);
    case 'standalone':
      return standaloneCommand(rest);
    case 'transforms':
      if (rest[0] === 'test') return transformsTestCommand(rest.slice(1));
      console.error(`Unknown transforms command "${rest[0] ?? ''}": try "tributary transforms test FILE..."`);
      return 1;
    case '-v': case '--version':
      console.log(version());
      return 0;
    case undefined: case '-h': case '--help': case 'help':
      console.log(usage);
      return command === undefined ? 1 : 0;
    default:
      console.error(`Unknown command "${command}".\n\n${usage}`);
      return 1;
  }
}

export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  return pkg.version;
}
