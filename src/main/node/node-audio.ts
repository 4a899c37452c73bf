import type { AudioDevices } from '../../shared/api-contract.js';
import { SILENT_CALL_AUDIO, type CallAudioPolicy } from '../call/call-audio.js';
import { systemClock, type Clock } from '../clock.js';
import { MediaWorkerHost, type AudioDevice, type MediaProcessLauncher, type MediaWorkerIsolation } from '../media/index.js';
import type { Profile } from '../profile/profile.js';
import { AudioTest, type MediaLease } from './audio-test.js';

/** Who answers and what a call plays when nothing else (`--play`/`--record`) was said. */
export interface AnsweringAudio {
  readonly autoAnswer: boolean;
  readonly audio?: CallAudioPolicy | undefined;
}

/**
 * The node's sound: one media worker for every call of every endpoint, and the audio a call
 * gets by default — the devices remembered in the settings for calls a person takes, silence
 * for calls answered by themselves (a bot, a script) — and the settings page's audio test on
 * the chosen devices. Devices are opened in a media process, not a thread: naudiodon writes to
 * stdout and can hang on a dead device (media-worker-channel.ts).
 */
export class NodeAudio {
  /** The settings page's test tone and meters; a call that takes the devices stops it. */
  readonly test: AudioTest;
  readonly #profile: Profile;
  readonly #isolation: MediaWorkerIsolation;
  readonly #launcher: MediaProcessLauncher | undefined;
  #worker: MediaWorkerHost | undefined;

  constructor(profile: Profile, usesDevices: boolean, launcher?: MediaProcessLauncher, clock: Clock = systemClock) {
    this.#profile = profile;
    this.#isolation = usesDevices ? 'process' : 'thread';
    this.#launcher = launcher;
    this.test = new AudioTest({
      acquire: () => this.#deviceWorker(),
      devices: () => ({ input: profile.settings.audioInput, output: profile.settings.audioOutput }),
      clock,
    });
  }

  /** Whether an endpoint answering this way would use the devices. */
  static usesDevices(answering: AnsweringAudio | undefined): boolean {
    return answering !== undefined && answering.audio === undefined && !answering.autoAnswer;
  }

  /** The shared media worker, started on first use. */
  worker(): MediaWorkerHost {
    return (this.#worker ??= new MediaWorkerHost({ isolation: this.#isolation, ...(this.#launcher ? { launcher: this.#launcher } : {}) }));
  }

  /** `audio` when given; else silence for auto-answered calls and the chosen devices for the rest. */
  policyFor(answering: AnsweringAudio): CallAudioPolicy {
    if (answering.audio) return answering.audio;
    if (answering.autoAnswer) return SILENT_CALL_AUDIO;
    // Read at each call, so a device chosen in the settings applies from the next call on.
    return () => {
      // The call takes the devices: a test tone must not play into it.
      void this.test.stop();
      const { audioInput, audioOutput } = this.#profile.settings;
      return {
        source: { kind: 'device', ...(audioInput ? { name: audioInput } : {}) },
        sink: { kind: 'device', ...(audioOutput ? { name: audioOutput } : {}) },
        endCallWhenSourceEnds: false,
      };
    };
  }

  /** The machine's devices and the remembered choice. Never loads naudiodon in this process. */
  async listDevices(): Promise<AudioDevices> {
    const devices = await this.#list();
    const view = (direction: 'input' | 'output'): AudioDevices['inputs'] =>
      devices
        .filter((device) => (direction === 'input' ? device.maxInputChannels : device.maxOutputChannels) > 0)
        .map((device) => ({ name: device.name, isDefault: direction === 'input' ? device.isDefaultInput : device.isDefaultOutput }));
    const { audioInput, audioOutput } = this.#profile.settings;
    return { inputs: view('input'), outputs: view('output'), input: audioInput ?? null, output: audioOutput ?? null };
  }

  /** Remembers the devices (null = the default again); a name not present now is kept for when it returns. */
  async chooseDevices(choice: { input?: string | null | undefined; output?: string | null | undefined }): Promise<AudioDevices> {
    await this.#profile.updateSettings({
      ...(choice.input !== undefined ? { audioInput: choice.input ?? undefined } : {}),
      ...(choice.output !== undefined ? { audioOutput: choice.output ?? undefined } : {}),
    });
    return this.listDevices();
  }

  async close(): Promise<void> {
    await this.test.stop();
    await this.#worker?.close();
  }

  async #list(): Promise<AudioDevice[]> {
    const lease = this.#deviceWorker();
    try {
      return await lease.media.listDevices();
    } finally {
      await lease.release();
    }
  }

  /** A media process for device work: the calls' worker when it is one, else a short-lived one. */
  #deviceWorker(): MediaLease & { readonly media: MediaWorkerHost } {
    if (this.#isolation === 'process') return { media: this.worker(), release: async () => undefined };
    const host = new MediaWorkerHost({ isolation: 'process', ...(this.#launcher ? { launcher: this.#launcher } : {}) });
    return { media: host, release: () => host.close() };
  }
}
