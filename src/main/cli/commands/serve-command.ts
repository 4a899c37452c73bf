import { parseBootstrapList, parseHostPort } from '../../p2p/bootstrap-address.js';
import { defaultDataDir } from '../../profile/data-dir.js';
import { DEFAULT_UI_PORT } from '../../ui/ui-server.js';
import { UsageError } from '../cli-errors.js';
import type { CliOutput } from '../cli-output.js';
import { runNode } from '../run-node.js';
import { waitForStop } from '../wait-for-stop.js';

export interface ServeFlags {
  data?: string | undefined;
  bootstrap?: string | undefined;
  ui?: string | undefined;
  sip?: string | undefined;
  'auto-answer'?: boolean | undefined;
}

export async function serveCommand(flags: ServeFlags, out: CliOutput): Promise<void> {
  if (flags['auto-answer'] && flags.sip === undefined) {
    throw new UsageError('--auto-answer answers plain SIP calls and needs --sip HOST:PORT (calls between Parley peers come later)', 'serve');
  }
  const running = await runNode(
    {
      dataDir: flags.data ?? defaultDataDir(),
      ...(flags.bootstrap !== undefined ? { bootstrap: parseBootstrapList(flags.bootstrap) } : {}),
      ui: flags.ui !== undefined ? parseHostPort(flags.ui, 'BAD_LISTEN_ADDRESS', true) : { host: '127.0.0.1', port: DEFAULT_UI_PORT },
      uiIsDefault: flags.ui === undefined,
      ...(flags.sip !== undefined ? { sip: { listen: parseHostPort(flags.sip, 'BAD_LISTEN_ADDRESS', true), autoAnswer: flags['auto-answer'] ?? false } } : {}),
    },
    out,
  );
  const signal = await waitForStop();
  out.event('stopping', { signal }, 'Stopping…');
  await running.close();
  out.event('stopped', {}, 'Stopped.');
}
