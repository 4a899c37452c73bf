/**
 * Conferences between Parley nodes on a private DHT (issue 7): a host and three members, each
 * playing its own tone and recording what it hears. The acceptance test: every recording holds
 * the three other tones and not its own (mix-minus), and the roster with everyone's name
 * reaches every member. Then the host's controls and leaving, each as a member sees it.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileCallAudio } from '../../../src/main/call/call-audio.js';
import { readWav } from '../../../src/main/media/audio/index.js';
import { toneShare } from '../../../src/main/media/audio/tone-analysis.js';
import { ParleyNode } from '../../../src/main/node/parley-node.js';
import { PrivateNetwork } from '../../../src/main/p2p/private-network.js';
import { Profile } from '../../../src/main/profile/profile.js';
import type { CommandArgs, CommandName, CommandResult, ConferenceView, EventName, EventPayload } from '../../../src/shared/api-contract.js';
import { nextCallEvent, registered } from '../../helpers/p2p-nodes.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { writeToneWav } from '../../helpers/tone-files.js';

const RATE = 48000;
const TONES = { Hostess: 440, Alice: 700, Bob: 1100, Carol: 1500 } as const;
type Name = keyof typeof TONES;
const MEMBERS = ['Alice', 'Bob', 'Carol'] as const;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The next API event `name` of `node` that satisfies `match`, or a rejection after `ms`. */
function nextApiEvent<E extends EventName>(node: ParleyNode, name: E, match: (payload: EventPayload<E>) => boolean, ms = 30_000): Promise<EventPayload<E>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (off(), reject(new Error(`${node.profile.settings.displayName}: no ${name} as expected within ${ms} ms`))), ms);
    const off = node.api.on(name, (payload) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      off();
      resolve(payload);
    });
  });
}

/** Resolves once `node`'s view of `uri` satisfies `match` (now, or at a later `conferenceUpdated`). */
async function viewOf(node: ParleyNode, uri: string, match: (view: ConferenceView) => boolean, ms = 30_000): Promise<ConferenceView> {
  const waiting = nextApiEvent(node, 'conferenceUpdated', (view) => view.uri === uri && match(view), ms);
  const now = (await command(node, 'listConferences', {})).find((view) => view.uri === uri);
  if (now && match(now)) {
    waiting.catch(() => undefined);
    return now;
  }
  return waiting;
}

const names = (view: ConferenceView): string[] => view.members.map((member) => member.displayName ?? '?').sort();

/** A command on `node` that must succeed; its typed result. */
async function command<C extends CommandName>(node: ParleyNode, name: C, args: CommandArgs<C>): Promise<CommandResult<C>> {
  const result = await node.api.dispatch(name, args);
  if (!result.ok) assert.fail(`${name}: ${result.error.code}: ${result.error.message}`);
  return result.value as CommandResult<C>;
}

/** The share of power each tone carries over `[fromS, toS)` of a 48 kHz recording. */
function shares(path: string, fromS: number, toS: number): Record<Name, number> {
  const wav = readWav(readFileSync(path));
  assert.ok(wav.ok, `${path} is a complete WAV`);
  const samples = wav.value.channels[0] ?? new Float32Array(0);
  const start = Math.max(0, Math.round(fromS * RATE));
  const length = Math.min(samples.length, Math.round(toS * RATE)) - start;
  assert.ok(length >= RATE, `${path}: at least a second to look at (${length} samples of ${samples.length})`);
  const entries = Object.entries(TONES).map(([name, frequency]) => [name, toneShare(samples, RATE, frequency, start, length)] as const);
  return Object.fromEntries(entries) as Record<Name, number>;
}

function seconds(path: string): number {
  const wav = readWav(readFileSync(path));
  assert.ok(wav.ok);
  return (wav.value.channels[0]?.length ?? 0) / RATE;
}

/** Each recording holds every other party's tone and not its own (mix-minus). */
function assertMixMinus(who: Name, heard: Record<Name, number>): void {
  const shown = Object.entries(heard).map(([name, share]) => `${name} ${share.toFixed(3)}`).join(', ');
  assert.ok(heard[who] < 0.02, `${who} does not hear their own tone: ${shown}`);
  for (const other of Object.keys(TONES) as Name[]) if (other !== who) assert.ok(heard[other] > 0.12, `${who} hears ${other}: ${shown}`);
}

describe('conferences on a private DHT', () => {
  let network: PrivateNetwork;
  let dir = '';
  const nodes = new Map<Name, ParleyNode>();
  const node = (name: Name): ParleyNode => nodes.get(name) ?? assert.fail(`${name} is not running`);

  before(async () => {
    network = await PrivateNetwork.start({ host: '127.0.0.1', port: 0, nodes: 12 });
    dir = await tempDir('parley-conference');
    for (const [name, frequency] of Object.entries(TONES)) writeToneWav(join(dir, `${name}.wav`), frequency, 120);
    for (const name of Object.keys(TONES) as Name[]) {
      const audio = fileCallAudio({ play: join(dir, `${name}.wav`), record: join(dir, `${name}-heard.wav`), numberRecordings: true, endCallWhenSourceEnds: false });
      // The name is set before the node starts: it is the From display name of the node's calls.
      await (await Profile.open(join(dir, name))).updateSettings({ displayName: name });
      const started = await ParleyNode.start({ dataDir: join(dir, name), bootstrap: [network.bootstrap], shell: 'browser', calls: { autoAnswer: name === 'Hostess', audio }, lan: false });
      nodes.set(name, started);
    }
    await Promise.all([...nodes.values()].map((started) => registered(started)));
  });

  after(async () => {
    await Promise.all([...nodes.values()].map((started) => started.close()));
    await network?.close();
  });

  test('four parties, each heard by the three others and not by itself; the roster with every name reaches every member', { timeout: 180_000 }, async () => {
    const host = node('Hostess');
    const created = await command(host, 'createConference', { subject: 'Weekly' });
    assert.match(created.uri, /^sip:[a-km-uw-z13-9]{52}@conference\.parley\.invalid$/);
    assert.deepEqual(names(created), ['Hostess'], 'the host takes part with their own microphone');
    const hostRecording = join(dir, 'Hostess-heard-1.wav');
    const createdAt = performance.now();

    const bobHeardSpeakers: string[][] = [];
    const offSpeakers = node('Bob').api.on('conferenceSpeakersChanged', (event) => event.uri === created.uri && bobHeardSpeakers.push(event.speaking));
    const rosters = MEMBERS.map((name) => viewOf(node(name), created.uri, (view) => view.state === 'active' && names(view).join() === 'Alice,Bob,Carol,Hostess', 60_000));
    for (const name of MEMBERS) {
      const joining = await command(node(name), 'joinConference', { uri: created.uri });
      assert.equal(joining.role, 'member');
      assert.ok(joining.callId, 'a member is in the conference through a call to the focus');
    }
    const views = await Promise.all(rosters);
    const allJoinedAt = performance.now();
    for (const [i, view] of views.entries()) {
      assert.equal(view.subject, 'Weekly');
      const self = view.members.filter((member) => member.self);
      assert.deepEqual(self.map((member) => member.displayName), [MEMBERS[i]], `${MEMBERS[i]} finds themselves in the roster`);
      assert.deepEqual(view.members.filter((member) => member.role === 'host').map((member) => member.displayName), ['Hostess']);
    }
    const hostView = await viewOf(host, created.uri, (view) => view.members.length === 4);
    assert.deepEqual(names(hostView), ['Alice', 'Bob', 'Carol', 'Hostess']);

    // Everyone plays a tone: the speaking indicators of all four reach every member.
    for (const name of MEMBERS) await viewOf(node(name), created.uri, (view) => view.members.every((member) => member.speaking), 10_000);
    assert.ok(bobHeardSpeakers.some((speaking) => speaking.length === 4), `conferenceSpeakersChanged named all four: ${JSON.stringify(bobHeardSpeakers)}`);
    offSpeakers();
    await sleep(4_000);
    const ended = MEMBERS.map((name) => nextCallEvent(node(name), 'callEnded', () => true, 20_000));
    const leftAt = performance.now();
    for (const name of MEMBERS) await command(node(name), 'leaveConference', { uri: created.uri });
    const recordings = (await Promise.all(ended)).map((event) => event.record ?? assert.fail('each member recorded its call'));
    await command(host, 'leaveConference', { uri: created.uri });

    for (const [i, recording] of recordings.entries()) {
      const end = seconds(recording);
      assertMixMinus(MEMBERS[i] ?? 'Alice', shares(recording, end - 3.3, end - 0.3));
    }
    // The host's recording runs from the conference's start: the window where all four were in.
    assertMixMinus('Hostess', shares(hostRecording, (allJoinedAt - createdAt) / 1000 + 0.5, (leftAt - createdAt) / 1000 - 0.2));
  });

  test('the host mutes, removes and locks; a member leaves and comes back; the host leaving ends every call', { timeout: 180_000 }, async () => {
    const host = node('Hostess');
    const { uri } = await command(host, 'createConference', { subject: 'Controls' });
    for (const name of MEMBERS) await command(node(name), 'joinConference', { uri });
    const full = await viewOf(host, uri, (view) => view.members.length === 4);
    const idOf = (view: ConferenceView, name: Name): string => view.members.find((member) => member.displayName === name)?.memberId ?? assert.fail(`${name} is in the roster`);

    // A mute shows in every roster.
    const mutedEverywhere = MEMBERS.map((name) => viewOf(node(name), uri, (view) => view.members.some((member) => member.displayName === 'Bob' && member.muted)));
    const afterMute = await command(host, 'setMemberMuted', { uri, memberId: idOf(full, 'Bob'), muted: true });
    assert.equal(afterMute.members.find((member) => member.displayName === 'Bob')?.muted, true);
    await Promise.all(mutedEverywhere);
    const refused = await node('Alice').api.dispatch('setMemberMuted', { uri, memberId: idOf(full, 'Bob'), muted: false });
    assert.equal(!refused.ok && refused.error.code, 'UNAVAILABLE', 'only the host mutes others');

    // A removed member's call ends, and the others see them go.
    const carolCallEnded = nextCallEvent(node('Carol'), 'callEnded', () => true, 20_000);
    const carolConferenceEnded = nextApiEvent(node('Carol'), 'conferenceEnded', (event) => event.uri === uri);
    const aliceSeesCarolGo = viewOf(node('Alice'), uri, (view) => names(view).join() === 'Alice,Bob,Hostess');
    await command(host, 'removeMember', { uri, memberId: idOf(full, 'Carol') });
    assert.match((await carolCallEnded).reason, /hangup by callee/);
    await carolConferenceEnded;
    await aliceSeesCarolGo;

    // A bot (the demo's conference room) is a member without a call; the host takes it out again.
    const radioIn = viewOf(node('Bob'), uri, (view) => view.members.some((member) => member.displayName === 'Radio'));
    await host.conferences.addLocalMember(uri, { memberId: 'radio', displayName: 'Radio', source: { kind: 'tone', frequencyHz: 300, level: 0.1 } });
    await radioIn;
    const radioOut = viewOf(node('Bob'), uri, (view) => !view.members.some((member) => member.displayName === 'Radio'));
    await command(host, 'removeMember', { uri, memberId: 'radio' });
    await radioOut;

    // Locked: a newcomer is turned away with 403.
    await command(host, 'setConferenceLocked', { uri, locked: true });
    const turnedAway = nextCallEvent(node('Carol'), 'callEnded', () => true, 20_000);
    await command(node('Carol'), 'joinConference', { uri });
    assert.equal((await turnedAway).status, 403);
    await command(host, 'setConferenceLocked', { uri, locked: false });

    // Alice leaves and comes back: the roster shows her gone, then in again under a new id.
    const bobSeesAliceGo = viewOf(node('Bob'), uri, (view) => names(view).join() === 'Bob,Hostess');
    await command(node('Alice'), 'leaveConference', { uri });
    await bobSeesAliceGo;
    const bobSeesAliceBack = viewOf(node('Bob'), uri, (view) => names(view).join() === 'Alice,Bob,Hostess');
    await command(node('Alice'), 'joinConference', { uri });
    const back = await bobSeesAliceBack;
    assert.notEqual(idOf(back, 'Alice'), idOf(full, 'Alice'), 'a member who re-joins is a new endpoint');
    await viewOf(node('Alice'), uri, (view) => view.state === 'active' && view.members.length === 3);

    // The host leaves: every member's call ends and the conference ends for them.
    const endings = (['Alice', 'Bob'] as const).flatMap((name) => [nextCallEvent(node(name), 'callEnded', () => true, 20_000), nextApiEvent(node(name), 'conferenceEnded', (event) => event.uri === uri)]);
    await command(host, 'leaveConference', { uri });
    await Promise.all(endings);
    const left = await command(node('Alice'), 'listConferences', {});
    assert.deepEqual(left.filter((view) => view.uri === uri), [], 'an ended conference is no longer listed');
    const gone = await node('Bob').api.dispatch('joinConference', { uri });
    assert.ok(gone.ok, 'joining is a call like any');
    const notFound = await nextCallEvent(node('Bob'), 'callEnded', () => true, 20_000);
    assert.equal(notFound.status, 404, `the old record still names the host's device, which no longer hosts it: ${notFound.reason}`);
  });
  test('the host calls a buddy in; a member asks the focus to call another (REFER); a 1:1 call becomes a conference', { timeout: 180_000 }, async () => {
    const host = node('Hostess');
    const { uri } = await command(host, 'createConference', { subject: 'Invites' });
    const answer = async (name: Name): Promise<void> => {
      const ringing = await nextCallEvent(node(name), 'callAdded', ({ call }) => call.summary.direction === 'incoming', 30_000);
      assert.equal(ringing.call.summary.conference, uri, `${name} sees which conference calls them`);
      await command(node(name), 'answerCall', { callId: ringing.call.callId });
    };

    // The focus calls Alice in (RFC 4579 §5.4): it rings, she answers, she is a member.
    const aliceAnswers = answer('Alice');
    await command(host, 'inviteToConference', { uri, invitee: node('Alice').uri });
    await aliceAnswers;
    const aliceView = await viewOf(node('Alice'), uri, (view) => view.state === 'active' && names(view).join() === 'Alice,Hostess');
    assert.equal(aliceView.role, 'member');

    // Alice asks the focus to call Bob in (RFC 4579 §5.5: REFER to the focus).
    const bobAnswers = answer('Bob');
    await command(node('Alice'), 'inviteToConference', { uri, invitee: node('Bob').uri });
    await bobAnswers;
    await viewOf(node('Alice'), uri, (view) => names(view).join() === 'Alice,Bob,Hostess');
    await command(host, 'leaveConference', { uri });

    // Carol calls the host; the host turns the call into a conference: Carol is REFERred to it.
    const hostAnswered = nextCallEvent(host, 'callEstablished', (event) => event.from === node('Carol').uri, 30_000);
    const carolCall = await command(node('Carol'), 'placeCall', { uri: host.uri });
    await nextCallEvent(node('Carol'), 'callEstablished', (event) => event.callId === carolCall.callId, 30_000);
    const hostCall = await hostAnswered;
    const originalEnds = nextCallEvent(node('Carol'), 'callEnded', (event) => event.callId === carolCall.callId, 30_000);
    const merged = await command(host, 'mergeIntoConference', { callId: hostCall.callId });
    assert.equal(merged.role, 'host');
    const carolView = await viewOf(node('Carol'), merged.uri, (view) => view.state === 'active' && names(view).join() === 'Carol,Hostess');
    assert.equal(carolView.role, 'member');
    assert.match((await originalEnds).reason, /transferred/, 'the 1:1 call gave way to the conference');
    await command(host, 'leaveConference', { uri: merged.uri });
  });
});
