import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './cli-errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** `util.parseArgs` in strict mode, with its errors turned into a UsageError (exit 2). */
export function parseFlags<O extends Options>(command: string, argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ''), command);
  }
}

/** As `parseFlags`, for a command that also takes operands (`parley call URI`). */
export function parseFlagsAndOperands<O extends Options>(command: string, argv: string[], options: O) {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: true });
    return { flags: values, operands: positionals };
  } catch (error) {
    throw new UsageError((error as Error).message, command);
  }
}

export function parseCount(command: string, flag: string, text: string | undefined, fallback: number, max: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) > max) throw new UsageError(`--${flag} takes a whole number from 0 to ${max}, not '${text}'`, command);
  return Number(text);
}
