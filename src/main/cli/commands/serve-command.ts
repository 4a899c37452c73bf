import { parseBootstrapList, parseHostPort } from '../../p2p/bootstrap-address.js';
import { defaultDataDir } from '../../profile/data-dir.js';
import { DEFAULT_UI_PORT } from '../../ui/ui-server.js';
import { fileCallAudio } from '../../call/call-audio.js';
import { checkAudioFlags } from '../audio-flags.js';
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
  play?: string | undefined;
  record?: string | undefined;
}

export async function serveCommand(flags: ServeFlags, out: CliOutput): Promise<void> {
  if (flags['auto-answer'] && flags.sip === undefined) {
    throw new UsageError('--auto-answer answers plain SIP calls and needs --sip HOST:PORT (calls between Parley peers come later)', 'serve');
  }
  if ((flags.play !== undefined || flags.record !== undefined) && flags.sip === undefined) {
    throw new UsageError('--play and --record are the audio of plain SIP calls and need --sip HOST:PORT', 'serve');
  }
  // Each answered call plays the file from its start and records to its own numbered file;
  // without the flags calls are silent until audio devices exist (the policy is the seam).
  const files = checkAudioFlags('serve', flags);
  const audio = files.play !== undefined || files.record !== undefined ? fileCallAudio({ ...files, numberRecordings: true, endCallWhenSourceEnds: false }) : undefined;
  const running = await runNode(
    {
      dataDir: flags.data ?? defaultDataDir(),
      ...(flags.bootstrap !== undefined ? { bootstrap: parseBootstrapList(flags.bootstrap) } : {}),
      ui: flags.ui !== undefined ? parseHostPort(flags.ui, 'BAD_LISTEN_ADDRESS', true) : { host: '127.0.0.1', port: DEFAULT_UI_PORT },
      uiIsDefault: flags.ui === undefined,
      ...(flags.sip !== undefined ? { sip: { listen: parseHostPort(flags.sip, 'BAD_LISTEN_ADDRESS', true), autoAnswer: flags['auto-answer'] ?? false, ...(audio ? { audio } : {}) } } : {}),
    },
    out,
  );
  const signal = await waitForStop();
  out.event('stopping', { signal }, 'Stopping…');
  await running.close();
  out.event('stopped', {}, 'Stopped.');
}
