import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileCallAudio, type CallAudioPolicy } from '../../../src/main/call/call-audio.js';
import { PlainSipEndpoint, type PlainSipEndpointEvents } from '../../../src/main/call/plain-sip-endpoint.js';
import type { SipCall } from '../../../src/main/call/sip-call.js';
import { MediaWorkerHost } from '../../../src/main/media/index.js';
import { ALSA_IN, FALLBACK_SINK, TEST_SINK } from '../../helpers/pulse-audio-server.js';
import { afterFirstSound, ALSA_SPEAKER, DEFAULT_MIC_SINK, playInto, pulseAudioForCallTests, recordMonitor, removeSink, SPEAKER_SINK } from '../../helpers/pulse-call-audio.js';
import { Cleanups } from '../../helpers/cleanups.js';
import { nextEvent } from '../../helpers/next-event.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { writeToneWav } from '../../helpers/tone-files.js';
import { assertMostlyTone, RATE, readRecording, TONE_DBFS, toneWindows, WINDOW } from '../../helpers/tone-windows.js';

/**
 * Whole calls with audio devices (issue 4: "a tone played into the virtual microphone arrives in
 * the peer's recording; a device removed mid-call falls back without ending the call").
 * Endpoint A uses devices in a media process: naudiodon → PortAudio (ALSA) → the ALSA pulse
 * plugin → an isolated PulseAudio whose null sinks are its microphone and loudspeaker. Endpoint B
 * plays and records files. Skipped, with the reason, when PulseAudio, its tools, naudiodon or the
 * ALSA pulse plugin (libasound2-plugins) is missing.
 */

const { skip, server } = await pulseAudioForCallTests();

function need<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('skipped setup reached a test');
  return value;
}

const base = { listen: { host: '127.0.0.1', port: 0 }, user: 'test', displayName: 'Test', product: 'Parley-test' };
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function collect<E extends keyof PlainSipEndpointEvents & string>(endpoint: PlainSipEndpoint, name: E): Array<PlainSipEndpointEvents[E]> {
  const events: Array<PlainSipEndpointEvents[E]> = [];
  endpoint.on(name, (event) => events.push(event));
  return events;
}

interface DeviceCall {
  readonly a: PlainSipEndpoint;
  readonly b: PlainSipEndpoint;
  /** A's call. */
  readonly call: SipCall;
  readonly replaced: Array<PlainSipEndpointEvents['callDeviceReplaced']>;
  readonly endedOnA: Array<PlainSipEndpointEvents['callEnded']>;
  readonly endedOnB: Array<PlainSipEndpointEvents['callEnded']>;
}

/** A's devices, by the names PortAudio lists. */
function deviceAudio(microphone: string | undefined, loudspeaker: string): CallAudioPolicy {
  return () => ({ source: microphone === undefined ? { kind: 'silence' } : { kind: 'device', name: microphone }, sink: { kind: 'device', name: loudspeaker }, endCallWhenSourceEnds: false });
}

/** Waits until the call has sent `more` RTP packets than now (20 ms each), or fails after `ms`. */
async function packetsKeepFlowing(call: SipCall, more: number, ms = 10_000): Promise<void> {
  const sent = (await call.statistics()).packetsSent;
  let now = sent;
  for (const start = Date.now(); now < sent + more && Date.now() - start < ms; await sleep(100)) now = (await call.statistics()).packetsSent;
  assert.ok(now >= sent + more, `packets sent went from ${sent} to ${now} only`);
}

describe('calls with audio devices, on a virtual PulseAudio', { skip }, () => {
  let dir = '';
  const cleanups = new Cleanups();

  before(async () => {
    need(server);
    dir = await tempDir('parley-call-devices');
    writeToneWav(join(dir, 'a440.wav'), 440, 40);
    writeToneWav(join(dir, 'fallback660.wav'), 660, 40);
    writeToneWav(join(dir, 'b1000.wav'), 1000, 40);
  });
  after(async () => {
    await server?.stop();
  });

  /**
   * A (devices, in a media process) calls B (files); both see the call established. What A's
   * devices did is collected from before the call, so a device replaced at the start is seen too.
   */
  async function deviceCall(audio: CallAudioPolicy, recordPath: string): Promise<DeviceCall> {
    const host = new MediaWorkerHost({ isolation: 'process', closeTimeoutMs: 3000 });
    cleanups.push(() => host.close());
    const a = await PlainSipEndpoint.start({ ...base, autoAnswer: false, audio, mediaWorker: () => host });
    cleanups.push(() => a.close());
    const b = await PlainSipEndpoint.start({
      ...base,
      autoAnswer: true,
      audio: fileCallAudio({ play: join(dir, 'b1000.wav'), record: recordPath, numberRecordings: false, endCallWhenSourceEnds: false }),
    });
    cleanups.push(() => b.close());
    const seen = { replaced: collect(a, 'callDeviceReplaced'), endedOnA: collect(a, 'callEnded'), endedOnB: collect(b, 'callEnded') };
    const answered = nextEvent(b, 'callEstablished');
    const established = nextEvent(a, 'callEstablished');
    const call = await a.call(`sip:test@${b.address}`);
    await Promise.all([answered, established]);
    return { a, b, call, ...seen };
  }

  test('the microphone’s tone reaches the peer’s recording, the peer’s tone reaches the loudspeaker, and a microphone removed mid-call falls back without ending the call', { timeout: 90_000 }, () =>
    cleanups.around(async () => {
      const pulse = need(server);
      const microphoneTone = playInto(TEST_SINK, join(dir, 'a440.wav'));
      cleanups.push(() => void microphoneTone.kill('SIGKILL'));
      // What the default microphone hears once the virtual one is gone.
      const fallbackTone = playInto(DEFAULT_MIC_SINK, join(dir, 'fallback660.wav'));
      cleanups.push(() => void fallbackTone.kill('SIGKILL'));
      const loudspeaker = recordMonitor(SPEAKER_SINK);
      cleanups.push(() => void loudspeaker.stop());
      const heardPath = join(dir, 'b-heard.wav');

      const { a, b, call, replaced, endedOnA, endedOnB } = await deviceCall(deviceAudio(ALSA_IN, ALSA_SPEAKER), heardPath);

      // The pulse plugin takes 1–2 s to start a stream; then 5 s of tone are kept, so that a
      // playback underflow (the plugin then stalls ~1 s to refill, measured) leaves most of it.
      await nextEvent(b, 'callLevels', (e) => e.output.rmsDbfs > TONE_DBFS, 20_000);
      await nextEvent(a, 'callLevels', (e) => e.output.rmsDbfs > TONE_DBFS, 20_000);
      await sleep(5000);
      assert.deepEqual(replaced, [], 'both devices opened by their names, and neither was replaced while it was there');
      const played = loudspeaker.stop();

      // The microphone is unplugged: its tone stops with it.
      microphoneTone.kill('SIGKILL');
      const fellBack = nextEvent(a, 'callDeviceReplaced', (e) => e.device === 'input', 20_000);
      const removed = removeSink(pulse, TEST_SINK);
      cleanups.push(() => removed.restore());
      assert.ok(removed.killed >= 1, 'the microphone’s stream was on the removed sink');
      const event = await fellBack;
      assert.deepEqual({ callId: event.callId, device: event.device, replaced: event.replaced, by: event.by }, { callId: call.callId, device: 'input', replaced: ALSA_IN, by: 'default' });
      await packetsKeepFlowing(call, 50);
      // The default microphone's stream starts (1–2 s), then 2 s of its tone are kept.
      await sleep(4000);
      assert.equal(call.state, 'established');
      assert.deepEqual([endedOnA, endedOnB], [[], []], 'neither side ended the call');

      const heardEnded = nextEvent(b, 'callEnded');
      call.hangUp();
      assert.equal((await heardEnded).reason, 'hangup by caller');

      const heard = readRecording(heardPath);
      const microphone = toneWindows(heard, 440);
      const first = microphone[0] ?? -1;
      const last = microphone.at(-1) ?? -1;
      assert.ok(first >= 0 && last - first >= 15, `B heard A’s microphone for ${microphone.length} windows`);
      assertMostlyTone(heard.subarray((first + 3) * WINDOW, (last + 1) * WINDOW), 440, 'B’s recording while the virtual microphone was in');
      const fallback = toneWindows(heard, 660).filter((w) => w > last);
      const resumed = fallback[0] ?? -1;
      assert.ok(resumed >= 0 && fallback.length >= 10, `B heard the default microphone after the fallback for ${fallback.length} windows`);
      assertMostlyTone(heard.subarray((resumed + 3) * WINDOW, ((fallback.at(-1) ?? resumed) + 1) * WINDOW), 660, 'B’s recording after the fallback');

      const span = afterFirstSound(played, 'A’s loudspeaker');
      assert.ok(span.length >= 3 * RATE, `${span.length / 48} ms of A’s loudspeaker after its first sound`);
      assertMostlyTone(span.subarray(0, Math.floor(span.length / WINDOW) * WINDOW), 1000, 'A’s loudspeaker');
    }),
  );

  test('a loudspeaker removed mid-call falls back to the default one, which plays the peer, and the call ends cleanly', { timeout: 90_000 }, () =>
    cleanups.around(async () => {
      const pulse = need(server);
      const { a, b, call, replaced, endedOnA, endedOnB } = await deviceCall(deviceAudio(undefined, ALSA_SPEAKER), join(dir, 'b-heard-2.wav'));
      await nextEvent(a, 'callLevels', (e) => e.output.rmsDbfs > TONE_DBFS, 20_000);
      // Let the playback stream start (1–2 s over the pulse plugin) before its device goes.
      await sleep(3000);
      assert.deepEqual(replaced, [], 'the loudspeaker opened by its name, and was not replaced while it was there');

      const fallbackSpeaker = recordMonitor(FALLBACK_SINK);
      cleanups.push(() => void fallbackSpeaker.stop());
      const fellBack = nextEvent(a, 'callDeviceReplaced', (e) => e.device === 'output', 20_000);
      const removed = removeSink(pulse, SPEAKER_SINK);
      cleanups.push(() => removed.restore());
      const event = await fellBack;
      assert.deepEqual({ device: event.device, replaced: event.replaced, by: event.by }, { device: 'output', replaced: ALSA_SPEAKER, by: 'default' });
      const received = (await call.statistics()).packetsReceived;
      await packetsKeepFlowing(call, 50);
      // The default loudspeaker's stream starts (1–2 s), then 3 s or more of what it plays are kept.
      await sleep(5000);
      assert.ok((await call.statistics()).packetsReceived > received + 50, 'A still receives B’s audio');
      assert.equal(call.state, 'established');
      assert.deepEqual([endedOnA, endedOnB], [[], []], 'neither side ended the call');
      const played = fallbackSpeaker.stop();

      const endedByA = nextEvent(a, 'callEnded', () => true, 10_000);
      const endedByB = nextEvent(b, 'callEnded', () => true, 10_000);
      call.hangUp();
      assert.equal((await endedByB).reason, 'hangup by caller');
      assert.equal((await endedByA).reason, 'hangup by us');

      const span = afterFirstSound(played, 'the default loudspeaker');
      assert.ok(span.length >= 2 * RATE, `${span.length / 48} ms of the default loudspeaker after its first sound`);
      assertMostlyTone(span.subarray(0, Math.floor(span.length / WINDOW) * WINDOW), 1000, 'the default loudspeaker');
    }),
  );
});
