import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { dominantFrequency } from '../../../src/main/media/audio/index.js';
import type { AudioTestLevels } from '../../../src/main/node/audio-test.js';
import { NodeAudio } from '../../../src/main/node/node-audio.js';
import { Profile } from '../../../src/main/profile/profile.js';
import { ALSA_IN, FALLBACK_SINK, TEST_SINK } from '../../helpers/pulse-audio-server.js';
import { ALSA_SPEAKER, playInto, pulseAudioForCallTests, recordMonitor, SPEAKER_SINK } from '../../helpers/pulse-call-audio.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { writeToneWav } from '../../helpers/tone-files.js';
import { RATE, TONE_DBFS, toneWindows, WINDOW } from '../../helpers/tone-windows.js';

/**
 * The settings page's audio test on real (virtual) devices: naudiodon → PortAudio (ALSA) → the
 * ALSA pulse plugin → an isolated PulseAudio whose null sinks are the microphone and the
 * loudspeaker (as in call-devices.test.ts). Skipped, with the reason, when PulseAudio, its tools,
 * naudiodon or the ALSA pulse plugin is missing.
 */

const { skip, server } = await pulseAudioForCallTests();

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function levelsMatching(audio: NodeAudio, match: (levels: AudioTestLevels) => boolean, ms: number): Promise<AudioTestLevels> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (off(), reject(new Error(`no such audio test levels within ${ms} ms`))), ms);
    const off = audio.test.on('levelsMeasured', (levels) => {
      if (!match(levels)) return;
      clearTimeout(timer);
      off();
      resolve(levels);
    });
  });
}

describe('the audio test on a virtual PulseAudio', { skip }, () => {
  let dir = '';
  before(async () => {
    dir = await tempDir('parley-audio-test');
    writeToneWav(join(dir, 'voice1000.wav'), 1000, 60);
  });
  after(async () => {
    await server?.stop();
  });

  test('beeps 440 Hz on the chosen loudspeaker, meters the chosen microphone, and falls silent on stop', { timeout: 90_000 }, async () => {
    const profile = await Profile.open(join(dir, 'profile'));
    const audio = new NodeAudio(profile, true);
    // Someone speaks into the chosen microphone.
    const voice = playInto(TEST_SINK, join(dir, 'voice1000.wav'));
    try {
      await audio.chooseDevices({ input: ALSA_IN, output: ALSA_SPEAKER });
      const loudspeaker = recordMonitor(SPEAKER_SINK);
      const defaultLoudspeaker = recordMonitor(FALLBACK_SINK);
      const events: AudioTestLevels[] = [];
      audio.test.on('levelsMeasured', (levels) => events.push(levels));

      assert.deepEqual(await audio.test.start(), { running: true });
      // The pulse plugin takes 1–2 s to start a stream; then a few beeps are kept.
      await levelsMatching(audio, (levels) => levels.output.rmsDbfs > TONE_DBFS, 20_000);
      await levelsMatching(audio, (levels) => levels.input.rmsDbfs > TONE_DBFS, 20_000);
      await sleep(4000);
      assert.deepEqual(await audio.test.stop(), { running: false });
      assert.deepEqual(events.at(-1), { input: { rmsDbfs: -100, peakDbfs: -100 }, output: { rmsDbfs: -100, peakDbfs: -100 }, running: false });
      assert.equal(events.filter((levels) => !levels.running).length, 1, 'one last event, at the end');
      // The recordings go on for 2 s after stop: a tone still playing would beep in them.
      await sleep(2000);
      const played = loudspeaker.stop();
      const playedElsewhere = defaultLoudspeaker.stop();

      const loud = played.findIndex((sample) => Math.abs(sample) > 1000);
      assert.ok(loud >= 0, 'the chosen loudspeaker played at all');
      const heard = played.subarray(loud);
      assert.ok(heard.length >= 4 * RATE, `${heard.length / 48} ms of the loudspeaker after its first sound`);
      const dominant = dominantFrequency(heard, RATE, { minHz: 100, maxHz: 4000 });
      assert.ok(Math.abs(dominant - 440) < 5, `the loudspeaker’s strongest frequency is ${dominant.toFixed(1)} Hz`);
      // Beeps fill half of each second; a loaded 2-core machine drops some audio.
      assert.ok(toneWindows(heard, 440).length >= 8, `440 Hz in ${toneWindows(heard, 440).length} of ${Math.floor(heard.length / WINDOW)} windows`);
      assert.equal(toneWindows(playedElsewhere, 440).length, 0, 'the default loudspeaker played no tone: the chosen one did');

      const meters = events.filter((levels) => levels.running);
      assert.ok(meters.some((levels) => levels.input.rmsDbfs > TONE_DBFS), 'the microphone’s voice shows on the input meter');
      assert.ok(meters.length >= 10, `${meters.length} levels in about 5 s`);
      const afterStop = played.subarray(played.length - 1.5 * RATE);
      assert.equal(toneWindows(afterStop, 440).length, 0, 'no tone after stop');
      assert.ok(afterStop.every((sample) => Math.abs(sample) < 100), 'the loudspeaker is silent after stop');
    } finally {
      voice.kill('SIGKILL');
      await audio.close();
    }
  });

  test('a call that takes the devices stops the test first', { timeout: 60_000 }, async () => {
    const profile = await Profile.open(join(dir, 'profile-2'));
    const audio = new NodeAudio(profile, true);
    try {
      await audio.chooseDevices({ input: ALSA_IN, output: ALSA_SPEAKER });
      await audio.test.start();
      await levelsMatching(audio, (levels) => levels.output.rmsDbfs > TONE_DBFS, 20_000);
      const stopped = levelsMatching(audio, (levels) => !levels.running, 5000);
      const plan = audio.policyFor({ autoAnswer: false })({ callId: 'call-1', direction: 'incoming', ordinal: 1 });
      assert.deepEqual([plan.source, plan.sink], [{ kind: 'device', name: ALSA_IN }, { kind: 'device', name: ALSA_SPEAKER }]);
      assert.equal(audio.test.running, false);
      await stopped;
    } finally {
      await audio.close();
    }
  });
});
