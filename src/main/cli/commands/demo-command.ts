import { parseHostPort } from '../../p2p/bootstrap-address.js';
import { PrivateNetwork } from '../../p2p/private-network.js';
import { defaultDataDir } from '../../profile/data-dir.js';
import { DEFAULT_UI_PORT } from '../../ui/ui-server.js';
import type { CliOutput } from '../cli-output.js';
import { openBrowser } from '../open-browser.js';
import { runNode } from '../run-node.js';
import { waitForStop } from '../wait-for-stop.js';

export interface DemoFlags {
  data?: string | undefined;
  ui?: string | undefined;
  'no-open'?: boolean | undefined;
}

/** Nodes of the demo's private DHT besides its bootstrap node. */
const DEMO_DHT_NODES = 4;

/**
 * A newcomer's first run: a private DHT on loopback (so it works with no internet), the
 * user's own node on it, and the UI. Later issues add bot buddies here.
 */
export async function demoCommand(flags: DemoFlags, out: CliOutput): Promise<void> {
  const ui = flags.ui !== undefined ? parseHostPort(flags.ui, 'BAD_LISTEN_ADDRESS', true) : { host: '127.0.0.1', port: DEFAULT_UI_PORT };
  const network = await PrivateNetwork.start({ host: '127.0.0.1', port: 0, nodes: DEMO_DHT_NODES });
  let running;
  try {
    running = await runNode({ dataDir: flags.data ?? defaultDataDir(), bootstrap: [network.bootstrap], ui, uiIsDefault: flags.ui === undefined }, out);
  } catch (error) {
    await network.close();
    throw error;
  }
  if (!flags['no-open'] && openBrowser(running.ui.url)) out.event('browserOpened', { url: running.ui.url }, '  (opened in your browser)');
  if (!out.json) process.stdout.write('Ctrl-C stops the demo.\n');
  const signal = await waitForStop();
  out.event('stopping', { signal }, 'Stopping…');
  await running.close();
  await network.close();
  out.event('stopped', {}, 'Stopped.');
}
