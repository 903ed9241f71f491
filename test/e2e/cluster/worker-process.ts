// A distributed worker in its own process for the multi-process tests: `tributary worker` on the
// properties file given as the first argument, logs to the file named by the second; prints
// `READY <rest url>` once it serves requests.
import { createWriteStream } from 'node:fs';
import { workerCommand } from '../../../cli/worker-command.ts';
import { createLogger } from '../../../logging/logger.ts';

const [propsFile, logFile] = process.argv.slice(2);
const logger = createLogger({ level: 'info', destination: createWriteStream(logFile, { flags: 'a' }) });
const code = await workerCommand([propsFile], { logger, onStarted: (url) => process.stdout.write(`READY ${url.toString()}\n`) });
process.exit(code);
