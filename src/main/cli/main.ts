import { runCli } from './cli.js';

// The `parley` executable (bin/parley.js loads this). Long-running commands resolve when
// stopped; the exit code is set rather than forced so pending output is flushed.
process.exitCode = await runCli(process.argv.slice(2));
