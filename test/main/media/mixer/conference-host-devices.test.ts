import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { toneRatio } from '../../../../src/main/media/audio/tone-analysis.js';
import { readWav } from '../../../../src/main/media/audio/wav-reader.js';
import { ConferenceMixers } from '../../../../src/main/media/mixer/conference-mixers.js';
import { MediaWorkerHost } from '../../../../src/main/media/worker/media-worker-host.js';
import { ALSA_IN, TEST_SINK } from '../../../helpers/pulse-audio-server.js';
import { ALSA_SPEAKER, playInto, pulseAudioForCallTests, recordMonitor, SPEAKER_SINK } from '../../../helpers/pulse-call-audio.js';
import { tempDir } from '../../../helpers/temp-dir.js';
import { writeToneWav } from '../../../helpers/tone-files.js';
import { NEGOTIATED } from '../session/session-pair.js';

/**
 * The host talks (issue 7, point 5): the focus's own microphone and loudspeaker are a conference
 * member like any other. Its sound card opens in a media process and reaches the mixer thread
 * through a relayed session pair. Real (virtual) devices: naudiodon → PortAudio (ALSA) → the ALSA
 * pulse plugin → an isolated PulseAudio, as in call-devices.test.ts. Skipped, with the reason,
 * when PulseAudio, its tools, naudiodon or the ALSA pulse plugin is missing.
 */

const { skip, server } = await pulseAudioForCallTests();
const RATE = 48000;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('the host as a conference member, on a virtual PulseAudio', { skip }, () => {
  let dir = '';
  before(async () => {
    dir = await tempDir('parley-conference-host');
    writeToneWav(join(dir, 'host-voice.wav'), 440, 60);
  });
  after(async () => {
    await server?.stop();
  });

  test('a caller hears the host’s microphone, and the host’s loudspeaker plays the caller', { timeout: 90_000 }, async () => {
    const mixers = new ConferenceMixers({ workers: 2 });
    const phones = new MediaWorkerHost();
    const voice = playInto(TEST_SINK, join(dir, 'host-voice.wav'));
    const loudspeaker = recordMonitor(SPEAKER_SINK);
    const recording = join(dir, 'caller-heard.wav');
    try {
      await mixers.open('hosted');
      await mixers.addLocalMember('hosted', 'host', { source: { kind: 'device', name: ALSA_IN }, sink: { kind: 'device', name: ALSA_SPEAKER } });
      const { worker, source, sink } = mixers.member('hosted', 'caller');
      const base = { codec: NEGOTIATED.opus, local: { host: '127.0.0.1' }, statisticsIntervalMs: 0 };
      const focus = await worker.createSession('caller', { ...base, source, sink });
      const phone = await phones.createSession('phone', { ...base, source: { kind: 'tone', frequencyHz: 1000, level: 0.3 }, sink: { kind: 'wav', path: recording }, remote: focus.localAddress ?? undefined });
      await worker.startSession('caller', phone.localAddress ?? undefined);
      await phones.startSession('phone');
      // The pulse plugin takes 1–2 s to start its streams.
      await sleep(6000);
      await phones.closeSession('phone');
      await mixers.removeLocalMember('hosted', 'host');
    } finally {
      voice.kill();
      await mixers.closeAll();
      await phones.close();
    }
    const played = loudspeaker.stop();
    const wav = readWav(readFileSync(recording));
    assert.ok(wav.ok);
    const heard = wav.value.channels[0] ?? new Float32Array(0);
    const lastSeconds = (samples: Float32Array | Int16Array) => samples.subarray(Math.max(0, samples.length - 3 * RATE));
    assert.ok(toneRatio(lastSeconds(heard), RATE, 440) > 0.5, `the caller hears the host: ${toneRatio(lastSeconds(heard), RATE, 440)}`);
    assert.ok(toneRatio(played, RATE, 1000) > 0.3, `the host’s loudspeaker plays the caller: ${toneRatio(played, RATE, 1000)}`);
    assert.equal(toneRatio(played, RATE, 440), 0, 'the host does not hear itself');
  });
});
