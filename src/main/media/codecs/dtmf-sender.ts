import { MediaCodecError } from './media-codec-error.js';
import { dtmfEventCode, encodeTelephoneEvent, TELEPHONE_EVENT_MAX_DURATION, type TelephoneEvent } from './telephone-event.js';

/** One RTP packet's worth of telephone-event for the RTP layer, which adds sequence numbers and SSRC. */
export interface TelephoneEventPacket {
  /** The RTP timestamp: the event's start, the same for every packet of the event (RFC 4733 §2.3.1). */
  readonly timestamp: number;
  /** Set on the first packet of an event (§2.5.1.1). */
  readonly marker: boolean;
  readonly event: TelephoneEvent;
  readonly payload: Uint8Array;
}

export interface DtmfSenderOptions {
  /** The RTP clock of the telephone-event payload type (8000 with G.711, 48000 with Opus). */
  readonly clockRate: number;
  /** Packet interval in ms (the audio ptime). Default 20. */
  readonly packetMs?: number;
  /** How long each digit sounds. Default 100 ms (ITU-T Q.24 asks for at least 40). */
  readonly toneMs?: number;
  /** Silence between digits. Default 60 ms. */
  readonly gapMs?: number;
  /** Power in −dBm0, 0–63 (§2.3.4). Default 10. */
  readonly volume?: number;
}

/** The final packet is sent three times, for robustness against loss (§2.5.1.4). */
export const END_PACKET_COUNT = 3;

export type DtmfSenderState = 'idle' | 'tone' | 'ending' | 'gap';

const ALLOWED_MOVES: Record<DtmfSenderState, readonly DtmfSenderState[]> = {
  idle: ['tone'],
  tone: ['ending'],
  ending: ['gap'],
  gap: ['idle'],
};

/**
 * Sends DTMF as RFC 4733 events, a pure state machine driven by the 20 ms media clock: `tick`
 * with the RTP timestamp of the current frame returns the packet to send now, if any. Each digit
 * is a first packet (marker set), updates every packet interval with a growing duration, then
 * the end packet (E bit) three times with the same timestamp and final duration, then a gap.
 */
export class DtmfSender {
  readonly #packetDuration: number;
  readonly #toneDuration: number;
  readonly #gapPackets: number;
  readonly #volume: number;
  readonly #queue: number[] = [];
  #state: DtmfSenderState = 'idle';
  #event = 0;
  #timestamp = 0;
  #duration = 0;
  #endsSent = 0;
  #gapLeft = 0;

  constructor(options: DtmfSenderOptions) {
    const packetMs = options.packetMs ?? 20;
    this.#packetDuration = Math.round((options.clockRate * packetMs) / 1000);
    this.#toneDuration = Math.min(TELEPHONE_EVENT_MAX_DURATION, Math.round((options.clockRate * (options.toneMs ?? 100)) / 1000));
    this.#gapPackets = Math.ceil((options.gapMs ?? 60) / packetMs);
    this.#volume = options.volume ?? 10;
    if (this.#packetDuration <= 0 || this.#toneDuration < this.#packetDuration) {
      throw new MediaCodecError('CODEC_BAD_OPTION', 'a DTMF tone must last at least one packet interval');
    }
  }

  get state(): DtmfSenderState {
    return this.#state;
  }

  /** True while an event is on the wire: the audio path may mute meanwhile. */
  get sendingEvent(): boolean {
    return this.#state === 'tone' || this.#state === 'ending';
  }

  /** True until every queued digit has been sent and its gap has passed. */
  get busy(): boolean {
    return this.#state !== 'idle' || this.#queue.length > 0;
  }

  /** Queues digits (0–9, *, #, A–D); an unknown character rejects the whole string. */
  send(digits: string): void {
    const codes = [...digits].map((digit) => {
      const code = dtmfEventCode(digit);
      if (code === undefined) throw new MediaCodecError('TELEPHONE_EVENT_INVALID', `${JSON.stringify(digit)} is not a DTMF digit`);
      return code;
    });
    this.#queue.push(...codes);
  }

  /** Called once per packet interval with the RTP timestamp the audio frame of this interval has. */
  tick(timestamp: number): TelephoneEventPacket | undefined {
    switch (this.#state) {
      case 'idle': {
        const next = this.#queue.shift();
        if (next === undefined) return undefined;
        this.#transition('tone');
        this.#event = next;
        this.#timestamp = timestamp >>> 0;
        this.#duration = this.#packetDuration;
        return this.#packet(true, false);
      }
      case 'tone':
        this.#duration = Math.min(this.#duration + this.#packetDuration, this.#toneDuration);
        if (this.#duration < this.#toneDuration) return this.#packet(false, false);
        this.#transition('ending');
        this.#endsSent = 1;
        return this.#packet(false, true);
      case 'ending':
        this.#endsSent++;
        if (this.#endsSent === END_PACKET_COUNT) {
          this.#transition('gap');
          this.#gapLeft = this.#gapPackets;
        }
        return this.#packet(false, true);
      case 'gap':
        if (this.#gapLeft > 0) {
          this.#gapLeft--;
          return undefined;
        }
        this.#transition('idle');
        return this.tick(timestamp);
    }
  }

  #packet(marker: boolean, end: boolean): TelephoneEventPacket {
    const event: TelephoneEvent = { event: this.#event, end, volume: this.#volume, duration: this.#duration };
    return { timestamp: this.#timestamp, marker, event, payload: encodeTelephoneEvent(event) };
  }

  #transition(to: DtmfSenderState): void {
    if (!ALLOWED_MOVES[this.#state].includes(to)) throw new Error(`DtmfSender: illegal move ${this.#state} → ${to}`);
    this.#state = to;
  }
}
