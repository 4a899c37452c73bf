import { isIPv4 } from 'node:net';
import { formatHostPort } from '../../p2p/bootstrap-address.js';
import { DEFAULT_BOOTSTRAP_PORT, DEFAULT_PERSISTENT_NODES, PrivateNetwork } from '../../p2p/private-network.js';
import { UsageError } from '../cli-errors.js';
import type { CliOutput } from '../cli-output.js';
import { parseCount } from '../parse-flags.js';
import { waitForStop } from '../wait-for-stop.js';

export interface BootstrapFlags {
  host?: string | undefined;
  port?: string | undefined;
  nodes?: string | undefined;
}

export async function bootstrapCommand(flags: BootstrapFlags, out: CliOutput): Promise<void> {
  const host = flags.host ?? '127.0.0.1';
  // HyperDHT advertises the bootstrap node by this address, so it must be a concrete IPv4 one.
  if (!isIPv4(host) || host === '0.0.0.0') throw new UsageError(`--host takes the IPv4 address peers will reach, not '${host}'`, 'bootstrap');
  const port = parseCount('bootstrap', 'port', flags.port, DEFAULT_BOOTSTRAP_PORT, 65535);
  const nodes = parseCount('bootstrap', 'nodes', flags.nodes, DEFAULT_PERSISTENT_NODES, 64);
  const network = await PrivateNetwork.start({ host, port, nodes });
  const address = formatHostPort(network.bootstrap);
  out.event('ready', { bootstrap: address, nodes: network.size }, address);
  if (!out.json) process.stderr.write(`A private DHT of ${network.size} nodes is running; use --bootstrap ${address}. Ctrl-C stops it.\n`);
  const signal = await waitForStop();
  out.event('stopping', { signal }, 'Stopping…');
  await network.close();
  out.event('stopped', {}, 'Stopped.');
}
