import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { toneShare } from '../../../../src/main/media/audio/tone-analysis.js';
import { readWav } from '../../../../src/main/media/audio/wav-reader.js';
import { ConferenceMixers } from '../../../../src/main/media/mixer/conference-mixers.js';
import { isMediaSessionError } from '../../../../src/main/media/session/media-session-error.js';
import { MediaWorkerHost } from '../../../../src/main/media/worker/media-worker-host.js';
import type { AudioSourceSpec } from '../../../../src/main/media/worker/media-worker-protocol.js';
import { tempDir } from '../../../helpers/temp-dir.js';
import { NEGOTIATED, type TestCodec } from '../session/session-pair.js';

// Members are real media sessions ("phones", in a worker of their own) calling the focus's
// member sessions over UDP on 127.0.0.1, as a SIP phone calls a conference: the focus side of
// each call is created where `ConferenceMixers.member` says, with the `conference` source and sink.

const LOOPBACK = { host: '127.0.0.1' };
const RATE = 48000;
let dir = '';
let phones: MediaWorkerHost;

before(async () => {
  dir = await tempDir('parley-conference');
  phones = new MediaWorkerHost();
});
after(() => phones.close());

interface Member {
  readonly id: string;
  readonly recording: string;
  readonly focus: MediaWorkerHost;
  hangUp(): Promise<void>;
}

/** A phone playing `source` and recording what it hears, in a call with its member session at the focus. */
async function call(mixers: ConferenceMixers, conferenceId: string, id: string, source: AudioSourceSpec, codec: TestCodec = 'opus'): Promise<Member> {
  const recording = join(dir, `${conferenceId}-${id}.wav`);
  const { worker, source: focusSource, sink: focusSink } = mixers.member(conferenceId, id);
  const focusSession = `${conferenceId}/${id}`;
  const phoneSession = `phone ${conferenceId}/${id}`;
  const base = { codec: NEGOTIATED[codec], local: LOOPBACK, statisticsIntervalMs: 0 };
  const atFocus = await worker.createSession(focusSession, { ...base, source: focusSource, sink: focusSink });
  const atPhone = await phones.createSession(phoneSession, { ...base, source, sink: { kind: 'wav', path: recording } });
  await worker.startSession(focusSession, atPhone.localAddress ?? undefined);
  await phones.startSession(phoneSession, atFocus.localAddress ?? undefined);
  return {
    id,
    recording,
    focus: worker,
    hangUp: async () => {
      await phones.closeSession(phoneSession);
      await worker.closeSession(focusSession).catch(() => undefined);
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function recorded(path: string): Float32Array {
  const wav = readWav(readFileSync(path));
  assert.ok(wav.ok, `${path} is a complete WAV`);
  assert.equal(wav.value.sampleRate, RATE);
  return wav.value.channels[0] ?? new Float32Array(0);
}

/** The share of the power of `samples[fromS, toS)` that each tone carries. */
function shares(samples: Float32Array, fromS: number, toS: number, frequencies: readonly number[]): number[] {
  const start = Math.round(fromS * RATE);
  const length = Math.min(samples.length, Math.round(toS * RATE)) - start;
  assert.ok(length > RATE / 2, `at least half a second to look at (${length} samples)`);
  return frequencies.map((frequency) => toneShare(samples, RATE, frequency, start, length));
}

const TONES = { a: 440, b: 700, c: 1100, d: 1500 } as const;
const tone = (frequencyHz: number): AudioSourceSpec => ({ kind: 'tone', frequencyHz, level: 0.2 });

describe('conference mixers: members over real sessions', () => {
  test('four members, one on PCMU, spread over two workers: each hears the three others and never itself', async () => {
    const mixers = new ConferenceMixers({ workers: 2 });
    try {
      await mixers.open('room');
      const members: Member[] = [];
      for (const [id, frequency] of Object.entries(TONES)) members.push(await call(mixers, 'room', id, tone(frequency), id === 'd' ? 'PCMU' : 'opus'));
      assert.equal(new Set(members.map((m) => m.focus)).size, 2, 'the members sit on both workers');
      await sleep(2500);
      for (const member of members) await member.hangUp();
      for (const member of members) {
        const heard = shares(recorded(member.recording), 1, 2.3, Object.values(TONES));
        const own = heard[Object.keys(TONES).indexOf(member.id)] ?? 1;
        assert.ok(own < 0.01, `${member.id} does not hear itself: ${heard.map((s) => s.toFixed(3)).join(' ')}`);
        for (const [i, share] of heard.entries()) {
          if (Object.keys(TONES)[i] === member.id) continue;
          assert.ok(share > 0.2, `${member.id} hears ${Object.values(TONES)[i]} Hz: ${heard.map((s) => s.toFixed(3)).join(' ')}`);
        }
      }
    } finally {
      await mixers.closeAll();
    }
  });

  test('muting a member takes it out of everyone’s mix; speaking events name the member whose tone plays', async () => {
    const mixers = new ConferenceMixers({ workers: 2 });
    const speaking: string[][] = [];
    mixers.on('speaking', (event) => event.conferenceId === 'muting' && speaking.push([...event.speaking]));
    try {
      await mixers.open('muting');
      const talker = await call(mixers, 'muting', 'talker', tone(TONES.a));
      const listeners = [await call(mixers, 'muting', 'near', { kind: 'silence' }), await call(mixers, 'muting', 'far', { kind: 'silence' })];
      await sleep(1500);
      assert.deepEqual(speaking.at(-1), ['talker']);
      await mixers.setMuted('muting', 'talker', true);
      const mutedAt = await sleepUntilSpeaking(speaking, []);
      await sleep(1500);
      for (const member of [talker, ...listeners]) await member.hangUp();
      for (const listener of listeners) {
        const samples = recorded(listener.recording);
        const [before] = shares(samples, 0.5, 1.4, [TONES.a]);
        assert.ok((before ?? 0) > 0.9, `${listener.id} hears the talker before the mute: ${before}`);
        const mutedFrom = mutedAt + 0.3;
        let energy = 0;
        for (let n = Math.round(mutedFrom * RATE); n < Math.round((mutedFrom + 0.8) * RATE); n++) energy += (samples[n] ?? 0) ** 2;
        assert.ok(energy < 1e-3, `${listener.id} hears nothing once the talker is muted (energy ${energy})`);
      }
      assert.deepEqual(speaking.at(-1), [], 'a muted member is not speaking');
    } finally {
      await mixers.closeAll();
    }

    /** Waits for the speaking list to become `expected`; returns the seconds since the recordings began. */
    async function sleepUntilSpeaking(events: string[][], expected: string[]): Promise<number> {
      const started = performance.now();
      while (JSON.stringify(events.at(-1)) !== JSON.stringify(expected)) {
        assert.ok(performance.now() - started < 5000, `speaking became ${JSON.stringify(expected)}`);
        await sleep(20);
      }
      return 1.5 + (performance.now() - started) / 1000;
    }
  });

  test('a bot without RTP takes part; a member whose call ends leaves the mix by itself', async () => {
    const mixers = new ConferenceMixers({ workers: 2 });
    try {
      await mixers.open('bots', { mode: 'full' });
      await mixers.addLocalMember('bots', 'bot', { source: tone(TONES.c), sink: { kind: 'null' } });
      const caller = await call(mixers, 'bots', 'caller', tone(TONES.b));
      const left = new Promise<string>((resolve) => caller.focus.on('conferenceMemberLeft', (event) => resolve(event.memberId)));
      await sleep(1200);
      await caller.hangUp();
      assert.equal(await left, 'caller');
      await assert.rejects(mixers.setMuted('bots', 'caller', true), (error) => isMediaSessionError(error) && error.code === 'MEDIA_BAD_REQUEST');
      const [bot, own] = shares(recorded(caller.recording), 0.5, 1.1, [TONES.c, TONES.b]);
      assert.ok((bot ?? 0) > 0.9 && (own ?? 1) < 0.01, `the caller hears the bot, not itself: ${bot}, ${own}`);
      await mixers.removeLocalMember('bots', 'bot');
    } finally {
      await mixers.closeAll();
    }
  });

  test('bad conference specs are MEDIA_BAD_REQUEST answers and the worker goes on', async () => {
    const mixers = new ConferenceMixers({ workers: 2 });
    try {
      assert.throws(() => mixers.member('nowhere', 'x'), (error) => isMediaSessionError(error) && error.code === 'MEDIA_BAD_REQUEST');
      await mixers.open('real');
      const { worker } = mixers.member('real', 'm');
      const badRequest = (error: unknown) => isMediaSessionError(error) && error.code === 'MEDIA_BAD_REQUEST';
      const spec = (conferenceId: string, memberId = 'm') => ({ kind: 'conference', conferenceId, memberId }) as const;
      const options = { codec: NEGOTIATED.opus, local: LOOPBACK };
      await assert.rejects(worker.createSession('s1', { ...options, source: spec('nowhere'), sink: spec('nowhere') }), badRequest);
      await assert.rejects(worker.createSession('s2', { ...options, source: spec('real'), sink: { kind: 'null' } }), badRequest);
      await assert.rejects(worker.createSession('s3', { ...options, source: spec('real', 'm'), sink: spec('real', 'other') }), badRequest);
      await assert.rejects(worker.request('addConferenceMember', { conferenceId: 'nowhere', memberId: 'b', source: { kind: 'silence' }, sink: { kind: 'null' } }), badRequest);
      await assert.rejects(mixers.addLocalMember('real', 'echo', { source: { kind: 'echo', delayMs: 100 }, sink: { kind: 'echo' } }), badRequest);
      await assert.rejects(mixers.open('real'), badRequest);
      await assert.rejects(mixers.open('odd', { maxSpeakers: 0 }), badRequest);
      await worker.createSession('ok', { ...options, source: spec('real'), sink: spec('real') });
      await assert.rejects(worker.createSession('twice', { ...options, source: spec('real'), sink: spec('real') }), badRequest);
      assert.equal(worker.alive, true);
      await worker.closeSession('ok');
    } finally {
      await mixers.closeAll();
    }
  });
});
