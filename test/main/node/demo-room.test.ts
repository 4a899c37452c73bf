/**
 * The demo's conference room (issue 7, item 6): two bots taking turns, so a newcomer who joins
 * hears a conference at once. Their tracks (tones, or espeak-ng speech), the room on a private
 * DHT joined by a member who hears both bots, and the room keeping its URI across runs.
 */
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileCallAudio } from '../../../src/main/call/call-audio.js';
import { dominantFrequency, readWav, toneShare } from '../../../src/main/media/audio/index.js';
import { composeTurns, ROOM_BOTS, TONE_TURNS, toneBurst, TURN_PAUSE_MS } from '../../../src/main/node/demo-room-script.js';
import { espeakAvailable, prepareRoomVoices } from '../../../src/main/node/demo-room-voices.js';
import { ROOM_NAME, startDemoRoom, type DemoRoom } from '../../../src/main/node/demo-room.js';
import { ParleyNode } from '../../../src/main/node/parley-node.js';
import { PrivateNetwork } from '../../../src/main/p2p/private-network.js';
import type { ConferenceView } from '../../../src/shared/api-contract.js';
import { command, nextApiEvent } from '../../helpers/node-api.js';
import { nextCallEvent, registered } from '../../helpers/p2p-nodes.js';
import { tempDir } from '../../helpers/temp-dir.js';

const RATE = 48000;
/** 20 ms frames, as the engine mixes them. */
const FRAME = 960;
/** A frame louder than this (−40 dBFS RMS) has someone talking in it. */
const TALKING_RMS = 0.01;
const ESPEAK = await espeakAvailable();

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function samplesOf(path: string): { samples: Float32Array; rate: number; channels: number } {
  const wav = readWav(readFileSync(path));
  assert.ok(wav.ok, `${path} is a complete WAV`);
  return { samples: wav.value.channels[0] ?? new Float32Array(0), rate: wav.value.sampleRate, channels: wav.value.channels.length };
}

/** Per 20 ms frame: is someone talking? */
function talking(samples: Float32Array): boolean[] {
  return Array.from({ length: Math.floor(samples.length / FRAME) }, (_, frame) => {
    let energy = 0;
    for (let n = frame * FRAME; n < (frame + 1) * FRAME; n++) energy += (samples[n] ?? 0) ** 2;
    return Math.sqrt(energy / FRAME) > TALKING_RMS;
  });
}

/**
 * How much of each bot's talking a recording holds: the recording is lined up with the looping
 * script where its talking best matches the bots' (the member joined somewhere in the loop),
 * then for each bot the share of its talking frames in that stretch that the recording has too.
 * `stray` is the share of the recording's talking that falls where neither bot talks.
 */
function heardShares(recording: boolean[], tracks: [boolean[], boolean[]]): { shares: [number, number]; talkingFrames: [number, number]; stray: number } {
  const period = tracks[0].length;
  const at = (track: boolean[], offset: number, frame: number): boolean => track[(frame + offset) % period] ?? false;
  let best = 0;
  let bestScore = -1;
  for (let offset = 0; offset < period; offset++) {
    let score = 0;
    recording.forEach((loud, frame) => (score += loud && (at(tracks[0], offset, frame) || at(tracks[1], offset, frame)) ? 1 : 0));
    if (score > bestScore) [best, bestScore] = [offset, score];
  }
  const share = (track: boolean[]): [number, number] => {
    let spoken = 0;
    let heard = 0;
    recording.forEach((loud, frame) => {
      if (!at(track, best, frame)) return;
      spoken += 1;
      if (loud) heard += 1;
    });
    return [spoken === 0 ? 0 : heard / spoken, spoken];
  };
  const [ada, theo] = [share(tracks[0]), share(tracks[1])];
  const loud = recording.filter(Boolean).length;
  return { shares: [ada[0], theo[0]], talkingFrames: [ada[1], theo[1]], stray: loud === 0 ? 1 : 1 - bestScore / loud };
}

describe('the conference room’s script', () => {
  test('the two tracks are as long as each other and never talk at once', () => {
    const tracks = composeTurns(TONE_TURNS.map((turn) => ({ bot: turn.bot, pcm: toneBurst(ROOM_BOTS[turn.bot].toneHz, turn.pattern) })));
    assert.equal(tracks[0].length, tracks[1].length);
    const turnsMs = TONE_TURNS.reduce((sum, turn) => sum + turn.pattern.reduce((a, b) => a + b, 0) + TURN_PAUSE_MS, 0);
    assert.equal(tracks[0].length, (turnsMs * RATE) / 1000);
    assert.ok(tracks[0].every((sample, n) => sample === 0 || tracks[1][n] === 0), 'one bot at a time');
    assert.ok(tracks[0].some((sample) => sample !== 0) && tracks[1].some((sample) => sample !== 0), 'both bots say something');
  });

  test('each bot beeps at its own pitch', () => {
    for (const bot of ROOM_BOTS) {
      const beep = toneBurst(bot.toneHz, [500]);
      assert.ok(Math.abs(dominantFrequency(beep, RATE) - bot.toneHz) < 2, `${bot.displayName} at ${bot.toneHz} Hz`);
    }
  });
});

describe('the conference room’s voices', () => {
  test('tones are made once as 48 kHz mono WAVs of one length, then reused', async () => {
    const dir = await tempDir('parley-room-voices');
    const voices = await prepareRoomVoices({ dir, kind: 'tones' });
    assert.equal(voices.kind, 'tones');
    assert.deepEqual(voices.bots.map((bot) => bot.displayName), ['Ada', 'Theo']);
    const files = voices.bots.map((bot) => samplesOf(bot.path));
    for (const file of files) assert.deepEqual([file.rate, file.channels], [RATE, 1]);
    assert.equal(files[0]?.samples.length, files[1]?.samples.length);
    const made = voices.bots.map((bot) => statSync(bot.path).mtimeMs);
    const again = await prepareRoomVoices({ dir, kind: 'tones' });
    assert.deepEqual(again.bots.map((bot) => bot.path), voices.bots.map((bot) => bot.path));
    assert.deepEqual(again.bots.map((bot) => statSync(bot.path).mtimeMs), made, 'not made again');
  });

  test('spoken by espeak-ng: two voices taking turns, 48 kHz mono', { skip: ESPEAK ? false : 'espeak-ng not installed (apt-get install espeak-ng)', timeout: 60_000 }, async () => {
    const voices = await prepareRoomVoices({ dir: await tempDir('parley-room-speech') });
    assert.equal(voices.kind, 'spoken');
    const files = voices.bots.map((bot) => samplesOf(bot.path));
    for (const file of files) assert.deepEqual([file.rate, file.channels], [RATE, 1]);
    const [ada, theo] = files.map((file) => talking(file.samples)) as [boolean[], boolean[]];
    assert.equal(ada.length, theo.length);
    assert.ok(ada.filter(Boolean).length > 50 && theo.filter(Boolean).length > 50, 'each bot talks for more than a second');
    assert.ok(ada.every((loud, frame) => !loud || !theo[frame]), 'one bot at a time');
  });
});

describe('the conference room on a private DHT', () => {
  let network: PrivateNetwork;
  let dir = '';
  const rooms: DemoRoom[] = [];
  const nodes: ParleyNode[] = [];
  before(async () => {
    network = await PrivateNetwork.start({ host: '127.0.0.1', port: 0, nodes: 6 });
    dir = await tempDir('parley-room');
  });
  after(async () => {
    await Promise.all([...nodes, ...rooms].map((started) => started.close()));
    await network?.close();
  });

  /** A newcomer's node that records what it hears in `recording`; joins `uri` and waits for both bots in its roster. */
  async function joinRoom(name: string, uri: string, recording: string): Promise<ParleyNode> {
    const member = await ParleyNode.start({
      dataDir: join(dir, name),
      bootstrap: [network.bootstrap],
      shell: 'browser',
      calls: { autoAnswer: false, audio: fileCallAudio({ record: recording, numberRecordings: false, endCallWhenSourceEnds: false }) },
      lan: false,
    });
    nodes.push(member);
    await registered(member);
    const roster = nextApiEvent(member, 'conferenceUpdated', (view) => view.uri === uri && view.state === 'active' && botNames(view) === 'Ada,Theo', 45_000);
    const joining = await command(member, 'joinConference', { uri });
    assert.equal(joining.role, 'member');
    const view = await roster;
    assert.equal(view.subject, ROOM_NAME);
    return member;
  }

  async function leave(member: ParleyNode, uri: string): Promise<void> {
    const ended = nextCallEvent(member, 'callEnded', () => true, 20_000);
    await command(member, 'leaveConference', { uri });
    await ended;
  }

  test('a member hears both bots’ tones and sees each speak; the restarted room has the same URI', { timeout: 150_000 }, async () => {
    const roomDir = join(dir, 'room');
    const room = await startDemoRoom({ dataDir: roomDir, bootstrap: [network.bootstrap], voices: 'tones' });
    rooms.push(room);
    assert.match(room.uri, /^sip:[a-km-uw-z13-9]{52}@conference\.parley\.invalid$/);
    const recording = join(dir, 'tones-heard.wav');
    const member = await joinRoom('newcomer', room.uri, recording);

    // The speaking indicators move: Ada speaks, and Theo speaks, in the member's roster.
    for (const bot of ['Ada', 'Theo']) {
      await nextApiEvent(member, 'conferenceUpdated', (view) => view.uri === room.uri && view.members.some((m) => m.displayName === bot && m.speaking), 20_000);
    }
    // Long enough for a whole turn of each (the script loops every ~5 s).
    await sleep(7_000);
    await leave(member, room.uri);

    const { samples } = samplesOf(recording);
    const windows = Array.from({ length: Math.floor(samples.length / (RATE / 10)) }, (_, i) => i * (RATE / 10));
    for (const bot of ROOM_BOTS) {
      const heard = windows.filter((start) => toneShare(samples, RATE, bot.toneHz, start, RATE / 10) > 0.5).length;
      assert.ok(heard >= 5, `the member heard ${bot.displayName}'s ${bot.toneHz} Hz for at least half a second (${heard} windows of 100 ms)`);
    }

    // Closed and started again, the room keeps its identity and its conference URI.
    const { uri } = room;
    const identity = room.node.uri;
    rooms.splice(rooms.indexOf(room), 1);
    await room.close();
    const again = await startDemoRoom({ dataDir: roomDir, bootstrap: [network.bootstrap], voices: 'tones' });
    rooms.push(again);
    assert.equal(again.uri, uri, 'the same conference URI');
    assert.equal(again.node.uri, identity, 'the same identity');
    assert.equal(again.node.profile.settings.displayName, ROOM_NAME);
  });

  test('spoken: a member hears both bots’ voices', { skip: ESPEAK ? false : 'espeak-ng not installed (apt-get install espeak-ng)', timeout: 150_000 }, async () => {
    const room = await startDemoRoom({ dataDir: join(dir, 'spoken-room'), bootstrap: [network.bootstrap] });
    rooms.push(room);
    assert.equal(room.voices.kind, 'spoken');
    const recording = join(dir, 'spoken-heard.wav');
    const member = await joinRoom('listener', room.uri, recording);
    // The whole script takes ~20 s; 14 s hold at least a whole line of one bot and most of one of the other's.
    await sleep(14_000);
    await leave(member, room.uri);

    const tracks = room.voices.bots.map((bot) => talking(samplesOf(bot.path).samples)) as [boolean[], boolean[]];
    const heard = heardShares(talking(samplesOf(recording).samples), tracks);
    const shown = JSON.stringify(heard);
    assert.ok(heard.talkingFrames[0] >= 25 && heard.talkingFrames[1] >= 25, `both bots had a turn while the member listened: ${shown}`);
    assert.ok(heard.shares[0] >= 0.6, `the member heard Ada when she talked: ${shown}`);
    assert.ok(heard.shares[1] >= 0.6, `the member heard Theo when he talked: ${shown}`);
    assert.ok(heard.stray < 0.2, `what the member heard was the bots: ${shown}`);
  });
});

function botNames(view: ConferenceView): string {
  return view.members
    .filter((member) => !member.self)
    .map((member) => member.displayName ?? '?')
    .sort()
    .join();
}
