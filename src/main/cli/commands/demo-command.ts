import { join } from 'node:path';
import { startDemoRoom, ROOM_NAME, type DemoRoom } from '../../node/demo-room.js';
import { ECHO_NAME, startEchoBot } from '../../node/echo-bot.js';
import type { ParleyNode } from '../../node/parley-node.js';
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
 * user's own node on it, the UI, an Echo buddy to call at once, and a Conference room buddy
 * where two bots talk.
 */
export async function demoCommand(flags: DemoFlags, out: CliOutput): Promise<void> {
  const ui = flags.ui !== undefined ? parseHostPort(flags.ui, 'BAD_LISTEN_ADDRESS', true) : { host: '127.0.0.1', port: DEFAULT_UI_PORT };
  const network = await PrivateNetwork.start({ host: '127.0.0.1', port: 0, nodes: DEMO_DHT_NODES });
  const dataDir = flags.data ?? defaultDataDir();
  let running;
  const { echo, room } = await startBots(dataDir, network, out).catch(async (error: unknown) => {
    await network.close();
    throw error;
  });
  try {
    running = await runNode({ dataDir, bootstrap: [network.bootstrap], ui, uiIsDefault: flags.ui === undefined }, out);
  } catch (error) {
    await echo.close();
    await room.close();
    await network.close();
    throw error;
  }
  await running.node.api.dispatch('addContact', { uri: echo.uri, displayName: ECHO_NAME });
  out.event('echo', { uri: echo.uri }, `  Echo buddy:   ${echo.uri} (call it: it plays you back a second later)`);
  // Calling a conference URI joins the conference: one click on the buddy.
  await running.node.api.dispatch('addContact', { uri: room.uri, displayName: ROOM_NAME });
  out.event('conferenceRoom', { uri: room.uri, voices: room.voices.kind }, `  Conference:   ${room.uri} (your "${ROOM_NAME}" buddy: call it to join ${room.voices.bots.map((bot) => bot.displayName).join(' and ')})`);
  if (!flags['no-open'] && openBrowser(running.ui.url)) out.event('browserOpened', { url: running.ui.url }, '  (opened in your browser)');
  if (!out.json) process.stdout.write('Ctrl-C stops the demo.\n');
  const signal = await waitForStop();
  out.event('stopping', { signal }, 'Stopping…');
  await running.close();
  await echo.close();
  await room.close();
  await network.close();
  out.event('stopped', {}, 'Stopped.');
}

/**
 * The Echo buddy and the conference room, side by side (each waits for the DHT); if one fails
 * the other is closed. They keep their identities (and the room its conference key) across
 * runs, so the buddies in the user's list stay valid.
 */
async function startBots(dataDir: string, network: PrivateNetwork, out: CliOutput): Promise<{ echo: ParleyNode; room: DemoRoom }> {
  const [echo, room] = await Promise.allSettled([
    startEchoBot({ dataDir: join(dataDir, 'demo', 'echo'), bootstrap: [network.bootstrap], log: (line) => out.warn(`echo: ${line.replace(/^parley: /, '')}`) }),
    startDemoRoom({ dataDir: join(dataDir, 'demo', 'room'), bootstrap: [network.bootstrap], log: (line) => out.warn(`conference room: ${line.replace(/^parley: /, '')}`) }),
  ]);
  if (echo.status === 'fulfilled' && room.status === 'fulfilled') return { echo: echo.value, room: room.value };
  await Promise.all([echo, room].map((started) => (started.status === 'fulfilled' ? started.value.close() : undefined)));
  throw [echo, room].flatMap((started) => (started.status === 'rejected' ? [started.reason] : []))[0];
}
