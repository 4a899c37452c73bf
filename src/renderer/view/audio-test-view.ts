import { AUDIO_TEST_DURATION_MS, type AudioDevices, type EventPayload } from '../../shared/api-contract.js';
import type { AudioTestReading } from '../state/app-state.js';

type AudioLevel = EventPayload<'audioTestLevelsMeasured'>['input'];

/**
 * How long after its planned end a test this UI started still counts as running without the
 * core's last reading (`running: false`): a link lost at that moment must not leave the panel
 * counting "0 s left" for ever.
 */
export const AUDIO_TEST_END_GRACE_MS = 2_000;

export type AudioTestFacts = {
  /** When this UI asked for the test it started; null when none (see SettingsState). */
  startedAt: number | null;
  starting: boolean;
  stopping: boolean;
  /** Why the last start or stop failed, as a sentence. */
  error: string | null;
  /** The core's latest reading, whichever test it belongs to. */
  reading: AudioTestReading | null;
  now: number;
  /** A call is in progress: the core refuses the test then, so the button says so first. */
  inCall: boolean;
  /** The devices as listed, or null while they are not known. */
  devices: AudioDevices | null;
};

export type AudioTestView = {
  phase: 'idle' | 'starting' | 'running' | 'stopping';
  /** Whole seconds until the test stops by itself, while it runs. */
  secondsLeft: number | null;
  /** The meters' readings; null draws an empty meter ("no reading yet"). */
  input: AudioLevel | null;
  output: AudioLevel | null;
  /** Why the test cannot start now (the button is then unavailable), else null. */
  blocked: string | null;
  /** The one line under the meters: what happens, or what went wrong. */
  message: string;
  /** The message is a failure (shown as an alert). */
  isError: boolean;
};

export const AUDIO_TEST_IDLE_MESSAGE = `Plays a tone on the speaker and meters the microphone, for ${AUDIO_TEST_DURATION_MS / 1_000} s.`;
export const AUDIO_TEST_IN_CALL = 'The sound test is not available during a call.';
export const AUDIO_TEST_NO_DEVICES = 'No microphone or speaker was found to test.';

/** The reading when it belongs to the test this UI started, else null. */
function ownReading(startedAt: number | null, reading: AudioTestReading | null): AudioTestReading | null {
  return startedAt !== null && reading !== null && reading.at >= startedAt ? reading : null;
}

/** Whether the test this UI started may still run: the core has not said it stopped (the clock aside). */
export function audioTestMayRun(startedAt: number | null, reading: AudioTestReading | null): boolean {
  const own = ownReading(startedAt, reading);
  return startedAt !== null && (own === null || own.running);
}

function blockedReason(facts: AudioTestFacts): string | null {
  if (facts.inCall) return AUDIO_TEST_IN_CALL;
  if (facts.devices !== null && facts.devices.inputs.length === 0 && facts.devices.outputs.length === 0) return AUDIO_TEST_NO_DEVICES;
  return null;
}

/** The sound test panel: its phase, countdown, meters and line of text. */
export function audioTestView(facts: AudioTestFacts): AudioTestView {
  const { startedAt, reading, now } = facts;
  const running = startedAt !== null && audioTestMayRun(startedAt, reading) && now < startedAt + AUDIO_TEST_DURATION_MS + AUDIO_TEST_END_GRACE_MS;
  const phase = facts.starting ? 'starting' : facts.stopping ? 'stopping' : running ? 'running' : 'idle';
  const own = running ? ownReading(startedAt, reading) : null;
  const secondsLeft =
    phase === 'running' && startedAt !== null ? Math.min(AUDIO_TEST_DURATION_MS / 1_000, Math.max(0, Math.ceil((startedAt + AUDIO_TEST_DURATION_MS - now) / 1_000))) : null;
  const blocked = phase === 'idle' ? blockedReason(facts) : null;
  const base = { phase, secondsLeft, input: own?.input ?? null, output: own?.output ?? null, blocked } as const;
  if (facts.error !== null && (phase === 'idle' || phase === 'running')) return { ...base, message: facts.error, isError: true };
  switch (phase) {
    case 'starting':
      return { ...base, message: 'Starting the sound test…', isError: false };
    case 'running':
      return { ...base, message: 'Playing a test tone: speak, and watch the microphone meter.', isError: false };
    case 'stopping':
      return { ...base, message: 'Stopping the sound test…', isError: false };
    case 'idle':
      return { ...base, message: blocked ?? AUDIO_TEST_IDLE_MESSAGE, isError: false };
  }
}

/** "7 s left", or nothing outside a run (the slot keeps its width either way). */
export function secondsLeftText(secondsLeft: number | null): string {
  return secondsLeft === null ? '' : `${secondsLeft} s left`;
}
