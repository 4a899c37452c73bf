import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AUDIO_TEST_DURATION_MS, type AudioDevices } from '../../src/shared/api-contract.js';
import type { AudioTestReading } from '../../src/renderer/state/app-state.js';
import {
  AUDIO_TEST_END_GRACE_MS,
  AUDIO_TEST_IDLE_MESSAGE,
  AUDIO_TEST_IN_CALL,
  AUDIO_TEST_NO_DEVICES,
  audioTestMayRun,
  audioTestView,
  secondsLeftText,
  type AudioTestFacts,
} from '../../src/renderer/view/audio-test-view.js';

const STARTED = 100_000;
const devices: AudioDevices = { inputs: [{ name: 'Mic', isDefault: true }], outputs: [{ name: 'Speakers', isDefault: true }], input: null, output: null };
const idle: AudioTestFacts = { startedAt: null, starting: false, stopping: false, error: null, reading: null, now: STARTED, inCall: false, devices };

function reading(at: number, running = true): AudioTestReading {
  return { input: { rmsDbfs: -24, peakDbfs: -12 }, output: { rmsDbfs: -14, peakDbfs: -8 }, running, at };
}

test('before a test, the panel explains itself and shows empty meters', () => {
  const view = audioTestView(idle);
  assert.equal(view.phase, 'idle');
  assert.equal(view.message, AUDIO_TEST_IDLE_MESSAGE);
  assert.equal(view.input, null);
  assert.equal(view.output, null);
  assert.equal(view.secondsLeft, null);
  assert.equal(view.blocked, null);
});

test('a running test shows its readings and counts the seconds down to the end', () => {
  const table: Array<[elapsedMs: number, secondsLeft: number]> = [
    [0, 10],
    [1, 10],
    [999, 10],
    [1_000, 9],
    [3_200, 7],
    [9_999, 1],
    [AUDIO_TEST_DURATION_MS, 0],
  ];
  for (const [elapsed, secondsLeft] of table) {
    const view = audioTestView({ ...idle, startedAt: STARTED, reading: reading(STARTED + 50), now: STARTED + elapsed });
    assert.equal(view.phase, 'running', `${elapsed} ms`);
    assert.equal(view.secondsLeft, secondsLeft, `${elapsed} ms`);
    assert.deepEqual(view.input, { rmsDbfs: -24, peakDbfs: -12 });
    assert.deepEqual(view.output, { rmsDbfs: -14, peakDbfs: -8 });
  }
  assert.equal(secondsLeftText(7), '7 s left');
  assert.equal(secondsLeftText(null), '');
});

test('a clock behind the start stamp still counts from the full duration, never more', () => {
  const view = audioTestView({ ...idle, startedAt: STARTED, now: STARTED - 500 });
  assert.equal(view.secondsLeft, AUDIO_TEST_DURATION_MS / 1_000);
});

test('a reading from an earlier test is not shown, nor taken as the end of this one', () => {
  const stale = reading(STARTED - 1, false);
  assert.equal(audioTestMayRun(STARTED, stale), true);
  const view = audioTestView({ ...idle, startedAt: STARTED, reading: stale, now: STARTED + 100 });
  assert.equal(view.phase, 'running');
  assert.equal(view.input, null, 'the meters wait for this test’s first reading');
});

test('the test ends when the core says it stopped', () => {
  const last = reading(STARTED + 10_000, false);
  assert.equal(audioTestMayRun(STARTED, last), false);
  const view = audioTestView({ ...idle, startedAt: STARTED, reading: last, now: STARTED + 10_050 });
  assert.equal(view.phase, 'idle');
  assert.equal(view.secondsLeft, null);
  assert.equal(view.input, null);
  assert.equal(view.message, AUDIO_TEST_IDLE_MESSAGE);
});

test('without the core’s last reading, the test ends a little after its planned end', () => {
  const at = (now: number) => audioTestView({ ...idle, startedAt: STARTED, reading: reading(STARTED + 100), now }).phase;
  assert.equal(at(STARTED + AUDIO_TEST_DURATION_MS + AUDIO_TEST_END_GRACE_MS - 1), 'running');
  assert.equal(at(STARTED + AUDIO_TEST_DURATION_MS + AUDIO_TEST_END_GRACE_MS), 'idle');
});

test('starting and stopping show their progress', () => {
  assert.equal(audioTestView({ ...idle, starting: true }).phase, 'starting');
  assert.equal(audioTestView({ ...idle, starting: true }).message, 'Starting the sound test…');
  const stopping = audioTestView({ ...idle, startedAt: STARTED, stopping: true, now: STARTED + 2_000 });
  assert.equal(stopping.phase, 'stopping');
  assert.equal(stopping.message, 'Stopping the sound test…');
});

test('a refusal is said as an error; during a call or with no devices the test is not offered', () => {
  const refused = audioTestView({ ...idle, error: 'Could not start the sound test: A call is in progress.' });
  assert.equal(refused.isError, true);
  assert.equal(refused.message, 'Could not start the sound test: A call is in progress.');
  const inCall = audioTestView({ ...idle, inCall: true });
  assert.equal(inCall.blocked, AUDIO_TEST_IN_CALL);
  assert.equal(inCall.message, AUDIO_TEST_IN_CALL);
  assert.equal(inCall.isError, false);
  const none = audioTestView({ ...idle, devices: { ...devices, inputs: [], outputs: [] } });
  assert.equal(none.blocked, AUDIO_TEST_NO_DEVICES);
  assert.equal(audioTestView({ ...idle, devices: null }).blocked, null, 'devices not listed yet: the core decides');
});
