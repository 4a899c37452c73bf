import { parseBootstrapList, parseHostPort } from '../../p2p/bootstrap-address.js';
import { defaultDataDir } from '../../profile/data-dir.js';
import { DEFAULT_UI_PORT } from '../../ui/ui-server.js';
import { fileCallAudio } from '../../call/call-audio.js';
import { checkAudioFlags } from '../audio-flags.js';
import { parseRelayKey } from '../relay-flag.js';
import type { CliOutput } from '../cli-output.js';
import { runNode } from '../run-node.js';
import { waitForStop } from '../wait-for-stop.js';

export interface ServeFlags {
  data?: string | undefined;
  bootstrap?: string | undefined;
  ui?: string | undefined;
  sip?: string | undefined;
  'auto-answer'?: boolean | undefined;
  play?: string | undefined;
  record?: string | undefined;
  relay?: string | undefined;
}

export async function serveCommand(flags: ServeFlags, out: CliOutput): Promise<void> {
  // Each answered call plays the file from its start and records to its own numbered file.
  // Without the flags, auto-answered calls are silent and calls the UI answers use the devices.
  const files = checkAudioFlags('serve', flags);
  const audio = files.play !== undefined || files.record !== undefined ? fileCallAudio({ ...files, numberRecordings: true, endCallWhenSourceEnds: false }) : undefined;
  const autoAnswer = flags['auto-answer'] ?? false;
  const running = await runNode(
    {
      dataDir: flags.data ?? defaultDataDir(),
      ...(flags.bootstrap !== undefined ? { bootstrap: parseBootstrapList(flags.bootstrap) } : {}),
      ui: flags.ui !== undefined ? parseHostPort(flags.ui, 'BAD_LISTEN_ADDRESS', true) : { host: '127.0.0.1', port: DEFAULT_UI_PORT },
      uiIsDefault: flags.ui === undefined,
      calls: { autoAnswer, ...(audio ? { audio } : {}) },
      ...(flags.relay !== undefined ? { relay: parseRelayKey(flags.relay, 'serve') } : {}),
      ...(flags.sip !== undefined ? { sip: { listen: parseHostPort(flags.sip, 'BAD_LISTEN_ADDRESS', true), autoAnswer, ...(audio ? { audio } : {}) } } : {}),
    },
    out,
  );
  const signal = await waitForStop();
  out.event('stopping', { signal }, 'Stopping…');
  await running.close();
  out.event('stopped', {}, 'Stopped.');
}
