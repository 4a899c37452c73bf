import { UsageError } from './cli-errors.js';

/** `--relay KEY`: a HyperDHT relay node's public key, 64 hex digits. */
export function parseRelayKey(text: string, command: string): Buffer {
  if (!/^[0-9a-fA-F]{64}$/.test(text)) throw new UsageError(`--relay takes a relay node's public key as 64 hex digits, not '${text.slice(0, 80)}'`, command);
  return Buffer.from(text, 'hex');
}
