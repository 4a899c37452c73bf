import { runCli } from './cli.js';

// A reader that goes away (`parley serve --json | head -1`) ends us quietly, as SIGPIPE ends
// other Unix tools, instead of an unhandled EPIPE.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

// The `parley` executable (bin/parley.js loads this). Long-running commands resolve when
// stopped; the exit code is set rather than forced so pending output is flushed.
process.exitCode = await runCli(process.argv.slice(2));
