import type { ParleyNode, ParleyNodeOptions } from '../node/parley-node.js';
import { parseBootstrapList } from '../p2p/bootstrap-address.js';
import { defaultDataDir } from '../profile/data-dir.js';
import type { CliOutput } from './cli-output.js';
import { parseRelayKey } from './relay-flag.js';

/** The flags of every command that runs a node without the UI (`call` to a Parley address, `conference`). */
export interface NodeFlags {
  data?: string | undefined;
  bootstrap?: string | undefined;
  relay?: string | undefined;
}

/** How long a command waits for its own device to be on its identity's list, which peers check before they take a call. */
const JOIN_TIMEOUT_MS = 20_000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms).unref());

export type HeadlessNodeOptions = Pick<ParleyNodeOptions, 'dataDir' | 'shell' | 'bootstrap' | 'relay' | 'log'>;

/**
 * The node's options that come from `--data`, `--bootstrap` and `--relay`, read (and refused as
 * bad usage) before anything starts; the node's log goes to stderr, where `--json` leaves it.
 */
export function headlessNodeOptions(flags: NodeFlags, command: string, out: CliOutput): HeadlessNodeOptions {
  return {
    dataDir: flags.data ?? defaultDataDir(),
    shell: 'browser',
    ...(flags.bootstrap !== undefined ? { bootstrap: parseBootstrapList(flags.bootstrap) } : {}),
    ...(flags.relay !== undefined ? { relay: parseRelayKey(flags.relay, command) } : {}),
    log: (line) => out.warn(line.replace(/^parley: /, '')),
  };
}

/** Reports `joining` and waits until the node's device is published; false (said on stderr) when that takes too long. */
export async function joinNetwork(node: ParleyNode, out: CliOutput): Promise<boolean> {
  out.event('joining', { from: node.uri }, `Joining the network as ${node.uri}…`);
  const joined = await Promise.race([node.device.joined.then(() => true), sleep(JOIN_TIMEOUT_MS).then(() => false)]);
  if (!joined) out.warn(`could not publish this device on the network within ${JOIN_TIMEOUT_MS / 1000} s: is the bootstrap reachable?`);
  return joined;
}
