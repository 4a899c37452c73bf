import { echoCallAudio } from '../call/call-audio.js';
import type { HostPort } from '../p2p/bootstrap-address.js';
import { Profile } from '../profile/profile.js';
import { ParleyNode } from './parley-node.js';

/** A second, like the echo test of classic softphones: long enough to hear yourself, short enough to wait for. */
export const ECHO_DELAY_MS = 1000;
export const ECHO_NAME = 'Echo';

/**
 * The demo's Echo buddy: a node of its own on the same DHT that answers every call and plays
 * back what it hears a second later, so a newcomer can hear a call work at once.
 */
export async function startEchoBot(options: { dataDir: string; bootstrap: HostPort[]; log?: (line: string) => void }): Promise<ParleyNode> {
  const profile = await Profile.open(options.dataDir);
  if (profile.settings.displayName !== ECHO_NAME) await profile.updateSettings({ displayName: ECHO_NAME });
  return ParleyNode.start({
    dataDir: options.dataDir,
    bootstrap: options.bootstrap,
    shell: 'browser',
    calls: { autoAnswer: true, audio: echoCallAudio(ECHO_DELAY_MS) },
    // One machine, one LAN: the user's node finds Echo on the DHT, no multicast needed.
    lan: false,
    ...(options.log ? { log: options.log } : {}),
  });
}
