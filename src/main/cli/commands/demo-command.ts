import { join } from 'node:path';
import { ECHO_NAME, startEchoBot } from '../../node/echo-bot.js';
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
 * user's own node on it, the UI, and an Echo buddy to call at once.
 */
export async function demoCommand(flags: DemoFlags, out: CliOutput): Promise<void> {
  const ui = flags.ui !== undefined ? parseHostPort(flags.ui, 'BAD_LISTEN_ADDRESS', true) : { host: '127.0.0.1', port: DEFAULT_UI_PORT };
  const network = await PrivateNetwork.start({ host: '127.0.0.1', port: 0, nodes: DEMO_DHT_NODES });
  const dataDir = flags.data ?? defaultDataDir();
  let running;
  let echo;
  try {
    // The bot keeps its identity across runs, so the buddy in the user's list stays valid.
    echo = await startEchoBot({ dataDir: join(dataDir, 'demo', 'echo'), bootstrap: [network.bootstrap], log: (line) => out.warn(`echo: ${line.replace(/^parley: /, '')}`) });
    running = await runNode({ dataDir, bootstrap: [network.bootstrap], ui, uiIsDefault: flags.ui === undefined }, out);
  } catch (error) {
    await echo?.close();
    await network.close();
    throw error;
  }
  await running.node.api.dispatch('addContact', { uri: echo.uri, displayName: ECHO_NAME });
  out.event('echo', { uri: echo.uri }, `  Echo buddy:   ${echo.uri} (call it: it plays you back a second later)`);
  if (!flags['no-open'] && openBrowser(running.ui.url)) out.event('browserOpened', { url: running.ui.url }, '  (opened in your browser)');
  if (!out.json) process.stdout.write('Ctrl-C stops the demo.\n');
  const signal = await waitForStop();
  out.event('stopping', { signal }, 'Stopping…');
  await running.close();
  await echo.close();
  await network.close();
  out.event('stopped', {}, 'Stopped.');
}
