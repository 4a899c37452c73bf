/**
 * A plain SIP phone in a Parley conference (issue 7): baresip dials the conference key at the
 * host's `--sip` address (`sip:<conference key>@HOST:PORT`), is answered by the focus and mixed
 * with a P2P member. Each party plays its own tone: the member hears baresip and the host,
 * baresip hears the member and the host, and nobody hears themselves. Opus, and PCMU, which
 * the mixer transcodes. Skipped, saying why, where baresip is not installed.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileCallAudio } from '../../../src/main/call/call-audio.js';
import { readWav } from '../../../src/main/media/audio/index.js';
import { toneShare } from '../../../src/main/media/audio/tone-analysis.js';
import { ParleyNode } from '../../../src/main/node/parley-node.js';
import { PrivateNetwork } from '../../../src/main/p2p/private-network.js';
import { Profile } from '../../../src/main/profile/profile.js';
import type { CommandArgs, CommandName, CommandResult, ConferenceView } from '../../../src/shared/api-contract.js';
import { Baresip, BARESIP, BARESIP_FILE_RATE, type BaresipCodec } from '../../helpers/baresip.js';
import { nextCallEvent, registered } from '../../helpers/p2p-nodes.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { writeToneWav } from '../../helpers/tone-files.js';

const skip = existsSync(BARESIP) ? false : `${BARESIP} is not installed (apt-get install baresip)`;
const TONES = { host: 440, member: 700, baresip: 1100 } as const;
type Party = keyof typeof TONES;

async function command<C extends CommandName>(node: ParleyNode, name: C, args: CommandArgs<C>): Promise<CommandResult<C>> {
  const result = await node.api.dispatch(name, args);
  if (!result.ok) assert.fail(`${name}: ${result.error.code}: ${result.error.message}`);
  return result.value as CommandResult<C>;
}

/** Resolves once `node`'s view of `uri` satisfies `match`. */
function viewOf(node: ParleyNode, uri: string, match: (view: ConferenceView) => boolean, ms = 30_000): Promise<ConferenceView> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (off(), reject(new Error(`no conferenceUpdated as expected within ${ms} ms`))), ms);
    const off = node.api.on('conferenceUpdated', (view) => {
      if (view.uri !== uri || !match(view)) return;
      clearTimeout(timer);
      off();
      resolve(view);
    });
  });
}

/** The share of power each party's tone carries over `[fromS, toS)` of a recording (any rate). */
function shares(path: string, fromS: number, toS: number): Record<Party, number> {
  const wav = readWav(readFileSync(path));
  assert.ok(wav.ok, `${path} is a complete WAV`);
  const { sampleRate } = wav.value;
  const samples = wav.value.channels[0] ?? new Float32Array(0);
  const start = Math.max(0, Math.round(fromS * sampleRate));
  const length = Math.min(samples.length, Math.round(toS * sampleRate)) - start;
  assert.ok(length >= sampleRate, `${path}: at least a second to look at (${length} of ${samples.length} samples)`);
  return Object.fromEntries(Object.entries(TONES).map(([party, frequency]) => [party, toneShare(samples, sampleRate, frequency, start, length)])) as Record<Party, number>;
}

function lengthOf(path: string): number {
  const wav = readWav(readFileSync(path));
  assert.ok(wav.ok, `${path} is a complete WAV`);
  return (wav.value.channels[0]?.length ?? 0) / wav.value.sampleRate;
}

function assertMixMinus(who: Party, heard: Record<Party, number>): void {
  const shown = Object.entries(heard).map(([party, share]) => `${party} ${share.toFixed(3)}`).join(', ');
  assert.ok(heard[who] < 0.03, `${who} does not hear their own tone: ${shown}`);
  for (const other of Object.keys(TONES) as Party[]) if (other !== who) assert.ok(heard[other] > 0.15, `${who} hears ${other}: ${shown}`);
}

describe('a baresip phone joins a Parley conference over plain SIP', { skip }, () => {
  let network: PrivateNetwork;
  let dir = '';
  let host: ParleyNode;
  let member: ParleyNode;

  before(async () => {
    network = await PrivateNetwork.start({ host: '127.0.0.1', port: 0, nodes: 8 });
    dir = await tempDir('parley-conference-baresip');
    const start = async (name: string, party: Party, options: Partial<Parameters<typeof ParleyNode.start>[0]>): Promise<ParleyNode> => {
      await (await Profile.open(join(dir, name))).updateSettings({ displayName: name });
      const audio = fileCallAudio({ play: writeToneWav(join(dir, `${party}.wav`), TONES[party], 120), record: join(dir, `${party}-heard.wav`), numberRecordings: true, endCallWhenSourceEnds: false });
      return ParleyNode.start({ dataDir: join(dir, name), bootstrap: [network.bootstrap], shell: 'browser', lan: false, calls: { autoAnswer: party === 'host', audio }, ...options });
    };
    // The host listens for plain SIP, as `parley serve --sip` and `parley conference --sip` do.
    host = await start('Hostess', 'host', { sip: { listen: { host: '127.0.0.1', port: 0 }, autoAnswer: true } });
    member = await start('Alice', 'member', {});
    await Promise.all([registered(host), registered(member)]);
  });

  after(async () => {
    await member?.close();
    await host?.close();
    await network?.close();
  });

  for (const codec of ['opus', 'PCMU'] as BaresipCodec[]) {
    test(`${codec}: baresip dials the conference key at --sip: heard by the P2P member and the host, it hears them, and nobody hears themselves`, { timeout: 120_000 }, async () => {
      const own = join(dir, `baresip-${codec}`);
      mkdirSync(own, { recursive: true });
      const { uri } = await command(host, 'createConference', { subject: `baresip ${codec}` });
      const key = /^sip:([^@]+)@/.exec(uri)?.[1] ?? assert.fail('a conference URI');
      const memberIn = nextCallEvent(member, 'callEstablished', () => true, 30_000);
      await command(member, 'joinConference', { uri });
      await memberIn;
      const memberStartedAt = performance.now();
      const baresipIn = viewOf(member, uri, (view) => view.members.some((entry) => entry.uri.startsWith('sip:baresip@')));
      const baresip = await Baresip.start({ dir: own, codec, play: writeToneWav(join(own, 'tone.wav'), TONES.baresip, 6, BARESIP_FILE_RATE[codec]), dial: `sip:${key}@${host.sip?.address ?? ''}`, seconds: 30 });
      try {
        const view = await baresipIn;
        const joinedAt = performance.now();
        assert.equal(view.members.length, 3, 'the member sees the host, baresip and themselves');
        const baresipOut = viewOf(member, uri, (next) => !next.members.some((entry) => entry.uri.startsWith('sip:baresip@')));
        await baresip.waitFor(/terminated|closed/, 20_000);
        await baresipOut;
        const leftAt = performance.now();
        const ended = nextCallEvent(member, 'callEnded', () => true, 20_000);
        await command(member, 'leaveConference', { uri });
        const recording = (await ended).record ?? assert.fail('the member recorded its call');
        // The member heard baresip while it was in; baresip heard the member all along.
        const heardByMember = shares(recording, (joinedAt - memberStartedAt) / 1000 + 0.8, (leftAt - memberStartedAt) / 1000 - 0.8);
        assertMixMinus('member', heardByMember);
        assertMixMinus('baresip', shares(baresip.heardFile(), 1, lengthOf(baresip.heardFile()) - 1));
      } finally {
        await baresip.stop();
      }
      await command(host, 'leaveConference', { uri });
    });
  }
});
