import { ENGINE_FRAME_SAMPLES, type AudioSink, type AudioSource } from '../session/audio-io.js';

/** A member's place in its shard's mix, as its session's port reaches it. */
export interface MemberMixPoint {
  /** The member's decoded frame of this tick (its session plays before the mixer runs). */
  said(pcm48k: Int16Array): void;
  /** What the member hears this tick: the mix minus itself. */
  heard(): Int16Array;
  /** The shared encode of what it hears, when it hears the shared mix (else its session encodes). */
  sharedPayload(): Uint8Array | undefined;
  /** The session closed: the member leaves the conference. */
  leave(): void;
}

/**
 * A conference member's call session seen from the session: its sink feeds the member's voice
 * into the mixer, its source is the member's mix-minus (like `EchoDelayLine`, one object on
 * both sides of the session). Closing the session closes it, and the member leaves the mix.
 */
export class ConferenceMemberPort implements AudioSource, AudioSink {
  readonly #point: MemberMixPoint;
  #closed = false;

  constructor(point: MemberMixPoint) {
    this.#point = point;
  }

  write(pcm48k: Int16Array): void {
    if (!this.#closed) this.#point.said(pcm48k);
  }

  read(frameSamples48k: number = ENGINE_FRAME_SAMPLES): Int16Array {
    const heard = this.#closed ? undefined : this.#point.heard();
    return heard && heard.length === frameSamples48k ? heard : new Int16Array(frameSamples48k);
  }

  preEncoded(): Uint8Array | undefined {
    return this.#closed ? undefined : this.#point.sharedPayload();
  }

  /** Called by the session for its source and again for its sink: leaves once. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#point.leave();
  }
}
