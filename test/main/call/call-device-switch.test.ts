import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileCallAudio } from '../../../src/main/call/call-audio.js';
import { isCallError } from '../../../src/main/call/call-error.js';
import { PlainSipEndpoint } from '../../../src/main/call/plain-sip-endpoint.js';
import { measureLevel } from '../../../src/main/media/audio/index.js';
import { NodeCalls } from '../../../src/main/node/node-calls.js';
import { ParleyNode } from '../../../src/main/node/parley-node.js';
import { PrivateNetwork } from '../../../src/main/p2p/private-network.js';
import type { AudioDevices, CallView, EventName, EventPayload } from '../../../src/shared/api-contract.js';
import { ALSA_IN, ALSA_OUT, TEST_SINK } from '../../helpers/pulse-audio-server.js';
import { afterFirstSound, ALSA_SPEAKER, DEFAULT_MIC_SINK, playInto, pulseAudioForCallTests, recordMonitor, SPEAKER_SINK } from '../../helpers/pulse-call-audio.js';
import { Cleanups } from '../../helpers/cleanups.js';
import { nextEvent } from '../../helpers/next-event.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { writeToneWav } from '../../helpers/tone-files.js';
import { assertMostlyTone, RATE, readRecording, TONE_DBFS, toneWindows, WINDOW } from '../../helpers/tone-windows.js';

/**
 * Switching a call's microphone and loudspeaker while it goes on (issue 6, "in call: input/output
 * device switch"), through the typed API as the call panel does it. Alice is a Parley node whose
 * calls use the sound cards of an isolated PulseAudio (null sinks as devices, reached by
 * PortAudio through the ALSA pulse plugin, in a media process); Bob is a plain SIP endpoint that
 * plays and records files. Skipped, with the reason, when PulseAudio, its tools, naudiodon or
 * the ALSA pulse plugin is missing. A call without sound cards is refused whatever the machine has.
 */

const { skip, server } = await pulseAudioForCallTests();

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const sipBase = { listen: { host: '127.0.0.1', port: 0 }, user: 'bob', displayName: 'Bob', product: 'Parley-test' };

function nextApiEvent<E extends EventName>(node: ParleyNode, name: E, match: (payload: EventPayload<E>) => boolean = () => true, ms = 20_000): Promise<EventPayload<E>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (off(), reject(new Error(`no ${name} within ${ms} ms`))), ms);
    const off = node.api.onEvent((event: EventName, payload: unknown) => {
      if (event !== name || !match(payload as EventPayload<E>)) return;
      clearTimeout(timer);
      off();
      resolve(payload as EventPayload<E>);
    });
  });
}

async function value<T>(promise: Promise<{ ok: true; value: unknown } | { ok: false; error: { code: string; message: string } }>): Promise<T> {
  const result = await promise;
  if (!result.ok) assert.fail(`${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

describe('switching a call’s devices mid-call, on a virtual PulseAudio', { skip }, () => {
  let dir = '';
  let network: PrivateNetwork | undefined;
  let alice: ParleyNode | undefined;
  const cleanups = new Cleanups();

  before(async () => {
    dir = await tempDir('parley-call-device-switch');
    writeToneWav(join(dir, 'mic660.wav'), 660, 60);
    writeToneWav(join(dir, 'mic440.wav'), 440, 60);
    writeToneWav(join(dir, 'b1000.wav'), 1000, 60);
    network = await PrivateNetwork.start({ host: '127.0.0.1', port: 0, nodes: 2 });
    // Without `audio`, a node's calls use the sound cards remembered in its settings.
    alice = await ParleyNode.start({ dataDir: join(dir, 'alice'), bootstrap: [network.bootstrap], shell: 'browser', sip: { listen: { host: '127.0.0.1', port: 0 }, autoAnswer: false } });
    await value(alice.api.dispatch('setAudioDevices', { input: null, output: ALSA_SPEAKER }));
  });
  after(async () => {
    await alice?.close();
    await network?.close();
    await server?.stop();
  });

  /** Alice calls Bob (who answers, plays 1000 Hz and records what he hears); resolves once both have the call established. */
  async function callBob(node: ParleyNode, recordPath: string): Promise<{ bob: PlainSipEndpoint; view: CallView }> {
    const bob = await PlainSipEndpoint.start({
      ...sipBase,
      autoAnswer: true,
      audio: fileCallAudio({ play: join(dir, 'b1000.wav'), record: recordPath, numberRecordings: false, endCallWhenSourceEnds: false }),
    });
    cleanups.push(() => bob.close());
    const answered = nextEvent(bob, 'callEstablished');
    const established = nextApiEvent(node, 'callUpdated', (view) => view.state === 'established');
    const placed = await value<CallView>(node.api.dispatch('placeCall', { uri: `sip:bob@${bob.address}` }));
    cleanups.push(() => void node.api.dispatch('hangUp', { callId: placed.callId }));
    const [, view] = await Promise.all([answered, established]);
    return { bob, view };
  }

  test('the loudspeaker switched to another sink plays the peer there, and the old sink goes quiet; the remembered choice stays', { timeout: 120_000 }, () =>
    cleanups.around(async () => {
      const node = alice ?? assert.fail('alice started');
      const oldSpeaker = recordMonitor(SPEAKER_SINK);
      cleanups.push(() => void oldSpeaker.stop());
      const { view } = await callBob(node, join(dir, 'bob-heard-1.wav'));
      assert.deepEqual([view.input, view.output], ['default', ALSA_SPEAKER], 'the view names the devices the call opened');

      // The pulse plugin takes 1–2 s to start a stream; then some seconds of Bob's tone are kept.
      await nextApiEvent(node, 'callLevelsMeasured', (levels) => levels.callId === view.callId && levels.output.rmsDbfs > TONE_DBFS);
      await sleep(4000);
      const beforeSwitch = oldSpeaker.stop();

      const updated = nextApiEvent(node, 'callUpdated', (changed) => changed.callId === view.callId && changed.output === ALSA_OUT);
      const switched = await value<{ callId: string; input: string | null; output: string | null }>(
        node.api.dispatch('switchCallDevice', { callId: view.callId, direction: 'output', name: ALSA_OUT }),
      );
      assert.deepEqual(switched, { callId: view.callId, input: 'default', output: ALSA_OUT });
      assert.equal((await updated).state, 'established', 'the UI learns the new loudspeaker from callUpdated');
      const newSpeaker = recordMonitor(TEST_SINK);
      cleanups.push(() => void newSpeaker.stop());
      const oldAfter = recordMonitor(SPEAKER_SINK);
      cleanups.push(() => void oldAfter.stop());
      await sleep(5000);
      const onNew = newSpeaker.stop();
      const onOld = oldAfter.stop();

      assertMostlyTone(afterFirstSound(beforeSwitch, 'the first loudspeaker'), 1000, 'the first loudspeaker before the switch');
      const heard = afterFirstSound(onNew, 'the second loudspeaker');
      assert.ok(heard.length >= 2 * RATE, `${heard.length / 48} ms of the second loudspeaker after its first sound`);
      assertMostlyTone(heard, 1000, 'the second loudspeaker after the switch');
      // A null sink nothing plays into goes idle and its monitor then delivers little or nothing:
      // a stream still playing there would show as sound here.
      const oldLevel = measureLevel(onOld.subarray(Math.min(onOld.length, 0.3 * RATE)));
      assert.ok(oldLevel.peakDbfs < -60, `the first loudspeaker is silent after the switch (peak ${oldLevel.peakDbfs.toFixed(1)} dBFS over ${onOld.length / 48} ms)`);

      const [call] = await value<CallView[]>(node.api.dispatch('listCalls', {}));
      assert.deepEqual([call?.state, call?.output], ['established', ALSA_OUT]);
      const remembered = await value<AudioDevices>(node.api.dispatch('listAudioDevices', {}));
      assert.deepEqual([remembered.input, remembered.output], [null, ALSA_SPEAKER], 'an in-call switch is for this call only');
    }),
  );

  test('the microphone switched to another source: its tone reaches the peer’s recording, the first one’s no longer does', { timeout: 120_000 }, () =>
    cleanups.around(async () => {
      const node = alice ?? assert.fail('alice started');
      const firstMicrophone = playInto(DEFAULT_MIC_SINK, join(dir, 'mic660.wav'));
      cleanups.push(() => void firstMicrophone.kill('SIGKILL'));
      const secondMicrophone = playInto(TEST_SINK, join(dir, 'mic440.wav'));
      cleanups.push(() => void secondMicrophone.kill('SIGKILL'));
      const heardPath = join(dir, 'bob-heard-2.wav');
      const { bob, view } = await callBob(node, heardPath);
      assert.equal(view.input, 'default');

      await nextEvent(bob, 'callLevels', (levels) => levels.output.rmsDbfs > TONE_DBFS, 20_000);
      await sleep(4000);
      const switched = await value<{ input: string | null }>(node.api.dispatch('switchCallDevice', { callId: view.callId, direction: 'input', name: ALSA_IN }));
      assert.equal(switched.input, ALSA_IN);
      // The new capture stream starts (1–2 s), then some seconds of its tone are kept.
      await sleep(6000);
      const ended = nextEvent(bob, 'callEnded');
      await value(node.api.dispatch('hangUp', { callId: view.callId }));
      await ended;

      const heard = readRecording(heardPath);
      const first = toneWindows(heard, 660);
      const second = toneWindows(heard, 440);
      assert.ok(first.length >= 15, `Bob heard the first microphone for ${first.length} windows`);
      assert.ok(second.length >= 15, `Bob heard the second microphone for ${second.length} windows`);
      const lastOfFirst = first.at(-1) ?? 0;
      const firstOfSecond = second[0] ?? 0;
      assert.ok(lastOfFirst < firstOfSecond, `the first microphone (last heard in window ${lastOfFirst}) is not heard after the second (from window ${firstOfSecond})`);
      assertMostlyTone(heard.subarray((first[0] ?? 0) * WINDOW + 3 * WINDOW, (lastOfFirst + 1) * WINDOW), 660, 'Bob’s recording before the switch');
      assertMostlyTone(heard.subarray((firstOfSecond + 3) * WINDOW, ((second.at(-1) ?? 0) + 1) * WINDOW), 440, 'Bob’s recording after the switch');
    }),
  );
});

describe('a call without sound cards', () => {
  test('refuses a device switch with CALL_NO_DEVICE_AUDIO and a sentence, and its view names no devices', { timeout: 30_000 }, async () => {
    const dir = await tempDir('parley-call-no-devices');
    const tone = writeToneWav(join(dir, 'tone.wav'), 440, 10);
    const files = fileCallAudio({ play: tone, numberRecordings: false, endCallWhenSourceEnds: false });
    const a = await PlainSipEndpoint.start({ ...sipBase, user: 'a', autoAnswer: false, audio: files });
    const b = await PlainSipEndpoint.start({ ...sipBase, autoAnswer: true, audio: files });
    try {
      const calls = new NodeCalls({ sip: a }, () => false, () => undefined).commands();
      const established = nextEvent(a, 'callEstablished');
      const placed = await calls.placeCall({ uri: `sip:bob@${b.address}` });
      await established;
      const [view] = await calls.listCalls({});
      assert.deepEqual([view?.state, view?.input, view?.output], ['established', null, null]);
      for (const [direction, sentence] of [
        ['input', /this call has no microphone to switch: its audio comes from a file/],
        ['output', /this call has no loudspeaker to switch: its audio goes to nowhere/],
      ] as const) {
        await assert.rejects(
          Promise.resolve(calls.switchCallDevice({ callId: placed.callId, direction, name: null })),
          (error) => isCallError(error, 'CALL_NO_DEVICE_AUDIO') && sentence.test(error.message),
        );
      }
      await assert.rejects(Promise.resolve(calls.switchCallDevice({ callId: 'gone', direction: 'input', name: null })), (error) => isCallError(error, 'CALL_NOT_FOUND'));
    } finally {
      await a.close();
      await b.close();
    }
  });
});
