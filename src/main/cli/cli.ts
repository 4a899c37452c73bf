import { CodedError } from '../coded-error.js';
import { isParleyError } from '../parley-error.js';
import { packageVersion } from '../package-root.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError } from './cli-errors.js';
import { createCliOutput } from './cli-output.js';
import { COMMAND_HELP, MAIN_HELP, type CommandName } from './cli-usage.js';
import { callCommand } from './commands/call-command.js';
import { conferenceCommand } from './commands/conference-command.js';
import { identityCommand } from './commands/identity-command.js';
import { bootstrapCommand } from './commands/bootstrap-command.js';
import { demoCommand } from './commands/demo-command.js';
import { serveCommand } from './commands/serve-command.js';
import { whoamiCommand } from './commands/whoami-command.js';
import { parseFlags, parseFlagsAndOperands } from './parse-flags.js';

const json = { type: 'boolean' } as const;
const text = { type: 'string' } as const;

/** Runs `parley <command> ...` and returns the exit code: 0 ok, 1 failed, 2 bad usage. */
export async function runCli(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
      const topic = rest[0];
      if (command === 'help' && topic !== undefined && isCommand(topic)) process.stdout.write(`${COMMAND_HELP[topic]}\n`);
      else process.stdout.write(`${MAIN_HELP}\n`);
      return command === undefined ? EXIT_USAGE : EXIT_OK;
    }
    if (command === '--version' || command === '-v') {
      process.stdout.write(`${packageVersion()}\n`);
      return EXIT_OK;
    }
    if (!isCommand(command)) throw new UsageError(`unknown command '${command}'`);
    return await runCommand(command, rest);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`parley: ${error.message}\n`);
      process.stderr.write(error.command ? `Run 'parley ${error.command} --help' for its options.\n` : `Run 'parley --help' for the commands.\n`);
      return EXIT_USAGE;
    }
    if (isParleyError(error)) {
      process.stderr.write(`parley: ${error.message}\n`);
      return error.code === 'BAD_BOOTSTRAP_ADDRESS' || error.code === 'BAD_LISTEN_ADDRESS' ? EXIT_USAGE : EXIT_FAILED;
    }
    if (error instanceof CodedError) {
      // An expected failure of a lower layer (a SIP port in use, say): its message is the reason.
      process.stderr.write(`parley: ${error.message} (${String(error.code)})\n`);
      return EXIT_FAILED;
    }
    process.stderr.write(`parley: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT_FAILED;
  }
}

async function runCommand(command: CommandName, argv: string[]): Promise<number> {
  const help = (): number => {
    process.stdout.write(`${COMMAND_HELP[command]}\n`);
    return EXIT_OK;
  };
  switch (command) {
    case 'serve': {
      const flags = parseFlags(command, argv, { data: text, bootstrap: text, ui: text, sip: text, 'auto-answer': { type: 'boolean' }, play: text, record: text, relay: text, json });
      if (flags.help) return help();
      await serveCommand(flags, createCliOutput(flags.json ?? false));
      return EXIT_OK;
    }
    case 'call': {
      const { flags, operands } = parseFlagsAndOperands(command, argv, { data: text, bootstrap: text, relay: text, sip: text, play: text, record: text, duration: text, dtmf: text, json });
      if (flags.help) return help();
      return await callCommand(operands, flags, createCliOutput(flags.json ?? false));
    }
    case 'conference': {
      const flags = parseFlags(command, argv, { data: text, bootstrap: text, relay: text, sip: text, subject: text, play: text, record: text, json });
      if (flags.help) return help();
      return await conferenceCommand(flags, createCliOutput(flags.json ?? false));
    }
    case 'identity': {
      const { flags, operands } = parseFlagsAndOperands(command, argv, { data: text, 'passphrase-file': text, replace: { type: 'boolean' }, json });
      if (flags.help) return help();
      return await identityCommand(operands, flags, createCliOutput(flags.json ?? false));
    }
    case 'whoami': {
      const flags = parseFlags(command, argv, { data: text, json });
      if (flags.help) return help();
      await whoamiCommand(flags, createCliOutput(flags.json ?? false));
      return EXIT_OK;
    }
    case 'bootstrap': {
      const flags = parseFlags(command, argv, { host: text, port: text, nodes: text, json });
      if (flags.help) return help();
      await bootstrapCommand(flags, createCliOutput(flags.json ?? false));
      return EXIT_OK;
    }
    case 'demo': {
      const flags = parseFlags(command, argv, { data: text, ui: text, 'no-open': { type: 'boolean' }, json });
      if (flags.help) return help();
      await demoCommand(flags, createCliOutput(flags.json ?? false));
      return EXIT_OK;
    }
  }
}

function isCommand(name: string): name is CommandName {
  return Object.hasOwn(COMMAND_HELP, name);
}
