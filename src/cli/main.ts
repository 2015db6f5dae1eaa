// The executable's entry: the only place that calls process.exit.
import { run } from './cli.js';

process.exitCode = await run(process.argv.slice(2));
