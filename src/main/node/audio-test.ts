import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AUDIO_TEST_DURATION_MS, type CallView, type EventName, type EventPayload } from '../../shared/api-contract.js';
import type { CommandHandlers } from '../api/api-service.js';
import type { Clock, TimerHandle } from '../clock.js';
import { CodedError } from '../coded-error.js';
import { TypedEmitter } from '../typed-emitter.js';
import { LEVEL_FLOOR_DBFS, writeWav } from '../media/audio/index.js';
import type { AudioDevice, MediaWorkerHost, SessionOptions } from '../media/index.js';
import { testTonePcm } from './audio-test-tone.js';

/** The test stops by itself after this long: a forgotten test must not beep all afternoon. */
/** The UI counts down the same figure (the contract's). */
export const AUDIO_TEST_LIMIT_MS = AUDIO_TEST_DURATION_MS;
/** About five levels a second: a meter that moves smoothly without flooding the UI. */
export const AUDIO_TEST_LEVEL_INTERVAL_MS = 200;

export type AudioTestErrorCode =
  /** A call is in progress: the devices are the call's. */
  | 'AUDIO_TEST_IN_CALL'
  /** The machine has no microphone and no loudspeaker at all. */
  | 'AUDIO_TEST_NO_DEVICES'
  /** The devices are there but could not be opened (busy, unplugged while opening). */
  | 'AUDIO_TEST_DEVICE_FAILED';

/** Why the audio test cannot run now; the API shows it as `UNAVAILABLE` with this sentence. */
export class AudioTestError extends CodedError<AudioTestErrorCode> {
  readonly apiCode = 'UNAVAILABLE' as const;

  constructor(code: AudioTestErrorCode, message: string, options?: { cause?: unknown }) {
    super('AudioTestError', code, message, options);
  }
}

export type AudioTestLevels = EventPayload<'audioTestLevelsMeasured'>;

/** What the test needs of a media worker (a `MediaWorkerHost` that may open sound cards). */
export type AudioTestMedia = Pick<MediaWorkerHost, 'listDevices' | 'createSession' | 'startSession' | 'closeSession' | 'on'>;

/** A media worker lent for one test, and how to give it back. */
export interface MediaLease {
  readonly media: AudioTestMedia;
  release(): Promise<void>;
}

export interface AudioTestOptions {
  /** A media worker that may open sound cards. */
  readonly acquire: () => MediaLease;
  /** The devices chosen in the settings, read at each start; absent = the system's default. */
  readonly devices: () => { readonly input?: string | undefined; readonly output?: string | undefined };
  readonly clock: Clock;
}

export type AudioTestEvents = {
  /** Levels while it runs, then one with `running: false` once it stopped. */
  levelsMeasured: AudioTestLevels;
};

interface Run {
  readonly lease: MediaLease;
  readonly toneId: string;
  readonly meterId: string;
  /** Settles when the sessions are created and started (or failed to be). */
  ready: Promise<void>;
  readonly created: string[];
  readonly unsubscribe: Array<() => void>;
  deadline: TimerHandle | undefined;
  ending: Promise<void> | undefined;
  released: Promise<void> | undefined;
}

const OPUS = { encodingName: 'opus', payloadType: 111, clockRate: 48000 } as const;
const SILENT = { rmsDbfs: LEVEL_FLOOR_DBFS, peakDbfs: LEVEL_FLOOR_DBFS };
const LOOPBACK = { host: '127.0.0.1' };

/**
 * The settings page's audio test, built from two media sessions in one media worker wired to
 * each other over 127.0.0.1: a tone session plays the test tone as RTP to a meter session, whose
 * source is the chosen microphone and whose sink is the chosen loudspeaker. The meter session's
 * levels (microphone in, tone out) are what a call's meters show, from the same code. The test
 * ends on `stop`, after `AUDIO_TEST_LIMIT_MS` on the injected clock, or when its worker fails.
 */
export class AudioTest extends TypedEmitter<AudioTestEvents> {
  readonly #options: AudioTestOptions;
  #run: Run | undefined;
  /** Runs still closing their sessions, which outlive `#run` (cleared as soon as a run ends). */
  #closing: Promise<void> = Promise.resolve();
  #count = 0;

  constructor(options: AudioTestOptions) {
    super();
    this.#options = options;
  }

  get running(): boolean {
    return this.#run !== undefined;
  }

  /** Starts the test, or keeps the one that runs; rejects with `AudioTestError` when it cannot run. */
  async start(): Promise<{ running: boolean }> {
    const current = this.#run;
    if (current) {
      await current.ready;
      return { running: current.ending === undefined };
    }
    const run = this.#begin();
    try {
      await run.ready;
    } catch (error) {
      if (this.#run === run) this.#run = undefined;
      await this.#release(run);
      throw error;
    }
    // A stop that came while the sessions were being made has ended it already.
    if (run.ending !== undefined) return { running: false };
    run.deadline = this.#options.clock.setTimer(AUDIO_TEST_LIMIT_MS, () => void this.#end(run));
    return { running: true };
  }

  /** Stops the tone and the meters; resolves once the devices are closed. */
  async stop(): Promise<{ running: false }> {
    const run = this.#run;
    await (run ? this.#end(run) : this.#closing);
    return { running: false };
  }

  #begin(): Run {
    const id = `audio-test-${++this.#count}`;
    const lease = this.#options.acquire();
    const run: Run = { lease, toneId: `${id}-tone`, meterId: `${id}-meter`, ready: Promise.resolve(), created: [], unsubscribe: [], deadline: undefined, ending: undefined, released: undefined };
    this.#run = run;
    run.ready = this.#open(run);
    return run;
  }

  async #open(run: Run): Promise<void> {
    const { media } = run.lease;
    this.#watch(run);
    let devices: AudioDevice[];
    try {
      devices = await media.listDevices();
    } catch (error) {
      throw deviceFailure(error);
    }
    const inputs = devices.filter((device) => device.maxInputChannels > 0);
    const outputs = devices.filter((device) => device.maxOutputChannels > 0);
    if (inputs.length === 0 && outputs.length === 0) throw new AudioTestError('AUDIO_TEST_NO_DEVICES', 'no audio devices found');
    const chosen = this.#options.devices();
    try {
      const tone = await this.#createToneSession(run);
      const meter = await this.#create(run, run.meterId, {
        codec: OPUS,
        direction: 'recvonly',
        // A side the machine lacks is metered as silence rather than refused: the other still works.
        source: inputs.length > 0 ? device(chosen.input) : { kind: 'silence' },
        sink: outputs.length > 0 ? device(chosen.output) : { kind: 'null' },
        local: LOOPBACK,
        remote: tone.localAddress ?? undefined,
        levelIntervalMs: AUDIO_TEST_LEVEL_INTERVAL_MS,
        statisticsIntervalMs: 0,
      });
      if (!meter.localAddress) throw new Error('the meter session has no local address');
      await media.startSession(run.toneId, meter.localAddress);
      await media.startSession(run.meterId);
    } catch (error) {
      throw deviceFailure(error);
    }
  }

  /** The tone goes to the worker as a WAV file, read once when its session is made. */
  async #createToneSession(run: Run): Promise<{ localAddress: { address: string; port: number } | null }> {
    const dir = await mkdtemp(join(tmpdir(), 'parley-audio-test-'));
    try {
      const path = join(dir, 'test-tone.wav');
      await writeFile(path, writeWav(testTonePcm(AUDIO_TEST_LIMIT_MS)));
      return await this.#create(run, run.toneId, { codec: OPUS, direction: 'sendonly', source: { kind: 'wav', path }, sink: { kind: 'null' }, local: LOOPBACK, statisticsIntervalMs: 0 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  async #create(run: Run, sessionId: string, options: SessionOptions): Promise<{ localAddress: { address: string; port: number } | null }> {
    const created = await run.lease.media.createSession(sessionId, options);
    run.created.push(sessionId);
    return created;
  }

  /** Levels of the meter session go out; a session or worker that fails ends the test. */
  #watch(run: Run): void {
    const { media } = run.lease;
    const ours = (sessionId: string | undefined): boolean => sessionId === run.toneId || sessionId === run.meterId;
    run.unsubscribe.push(
      media.on('levels', ({ sessionId, input, output }) => {
        if (sessionId === run.meterId && run.ending === undefined) this.emit('levelsMeasured', { input, output, running: true });
      }),
      media.on('sessionClosed', ({ sessionId, reason }) => {
        if (ours(sessionId) && reason !== 'closed') void this.#end(run);
      }),
      media.on('failed', ({ sessionId }) => {
        if (sessionId === undefined || ours(sessionId)) void this.#end(run);
      }),
    );
  }

  /**
   * Ends a run: at once for the UI (no more levels, then `running: false`, and a new start may
   * begin), and for the devices once its sessions are made and closed again.
   */
  #end(run: Run): Promise<void> {
    run.ending ??= (() => {
      run.deadline?.cancel();
      for (const off of run.unsubscribe.splice(0)) off();
      if (this.#run === run) this.#run = undefined;
      this.emit('levelsMeasured', { input: SILENT, output: SILENT, running: false });
      const closed = run.ready.catch(() => undefined).then(() => this.#release(run));
      this.#closing = Promise.all([this.#closing, closed]).then(() => undefined);
      return closed;
    })();
    return run.ending;
  }

  /** Closes what the run made and gives its worker back, once however often it is asked. */
  #release(run: Run): Promise<void> {
    run.released ??= (async () => {
      for (const off of run.unsubscribe.splice(0)) off();
      await Promise.allSettled(run.created.splice(0).map((sessionId) => run.lease.media.closeSession(sessionId)));
      await run.lease.release();
    })();
    return run.released;
  }
}

function device(name: string | undefined): { kind: 'device'; name?: string } {
  return { kind: 'device', ...(name ? { name } : {}) };
}

function deviceFailure(error: unknown): AudioTestError {
  if (error instanceof AudioTestError) return error;
  return new AudioTestError('AUDIO_TEST_DEVICE_FAILED', `the audio devices could not be opened: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
}

/**
 * `startAudioTest` and `stopAudioTest` over a node's audio test. A call in progress owns the
 * devices, so the test refuses to start then (a call that starts during the test stops it: see
 * `NodeAudio.policyFor`).
 */
export function audioTestCommands(
  test: AudioTest,
  calls: () => Promise<readonly CallView[]> | readonly CallView[],
  emit: <E extends EventName>(name: E, payload: EventPayload<E>) => void,
): Pick<CommandHandlers, 'startAudioTest' | 'stopAudioTest'> {
  test.on('levelsMeasured', (levels) => emit('audioTestLevelsMeasured', levels));
  return {
    startAudioTest: async () => {
      if ((await calls()).some((call) => call.state !== 'ended')) {
        throw new AudioTestError('AUDIO_TEST_IN_CALL', 'the audio test cannot run during a call: the call is using the devices');
      }
      return test.start();
    },
    stopAudioTest: () => test.stop(),
  };
}
