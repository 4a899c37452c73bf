import type { AudioDevices } from '../../shared/api-contract.js';
import { SILENT_CALL_AUDIO, type CallAudioPolicy } from '../call/call-audio.js';
import { MediaWorkerHost, type AudioDevice, type MediaProcessLauncher, type MediaWorkerIsolation } from '../media/index.js';
import type { Profile } from '../profile/profile.js';

/** Who answers and what a call plays when nothing else (`--play`/`--record`) was said. */
export interface AnsweringAudio {
  readonly autoAnswer: boolean;
  readonly audio?: CallAudioPolicy | undefined;
}

/**
 * The node's sound: one media worker for every call of every endpoint, and the audio a call
 * gets by default — the devices remembered in the settings for calls a person takes, silence
 * for calls answered by themselves (a bot, a script). Devices are opened in a media process,
 * not a thread: naudiodon writes to stdout and can hang on a dead device (media-worker-channel.ts).
 */
export class NodeAudio {
  readonly #profile: Profile;
  readonly #isolation: MediaWorkerIsolation;
  readonly #launcher: MediaProcessLauncher | undefined;
  #worker: MediaWorkerHost | undefined;

  constructor(profile: Profile, usesDevices: boolean, launcher?: MediaProcessLauncher) {
    this.#profile = profile;
    this.#isolation = usesDevices ? 'process' : 'thread';
    this.#launcher = launcher;
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
    await this.#worker?.close();
  }

  async #list(): Promise<AudioDevice[]> {
    if (this.#isolation === 'process') return this.worker().listDevices();
    // The calls' worker is a thread here: a short-lived media process lists instead.
    const lister = new MediaWorkerHost({ isolation: 'process', ...(this.#launcher ? { launcher: this.#launcher } : {}) });
    try {
      return await lister.listDevices();
    } finally {
      await lister.close();
    }
  }
}
