import { RtpError, checkUnsigned } from './rtp-error.js';
import type { RtpPacket } from './rtp-packet.js';
import { seqAdd, timestampAdd } from './serial-arithmetic.js';

/** A random number in [0, 1), injected so tests are repeatable (Math.random in production). */
export type RandomSource = () => number;

export interface RtpSenderOptions {
  readonly payloadType: number;
  /** The codec's RTP clock rate (RFC 3551 §4.5: 8000 for PCMU/PCMA, 48000 for Opus per RFC 7587). */
  readonly clockRate: number;
  /** Samples per frame at the clock rate; 20 ms by default. */
  readonly samplesPerFrame?: number;
  /** Fixed SSRC (tests, or after a collision); random otherwise. */
  readonly ssrc?: number;
  readonly random: RandomSource;
}

export interface RtpSenderCounters {
  /** §6.4.1 sender's packet count. */
  readonly packetCount: number;
  /** §6.4.1 sender's octet count: payload octets only, no header or padding. */
  readonly octetCount: number;
}

/**
 * The sending side of one RTP stream (RFC 3550 §5.1): random initial sequence number, timestamp
 * and SSRC (§5.1, §8), the timestamp advancing by the samples of each frame, and the marker bit on
 * the first packet of a talkspurt (RFC 3551 §4.1) — the very first packet and the first after
 * silence that was not sent (DTX).
 */
export class RtpSender {
  readonly payloadType: number;
  readonly clockRate: number;
  readonly samplesPerFrame: number;
  readonly ssrc: number;
  #sequenceNumber: number;
  #timestamp: number;
  #talkspurtStart = true;
  #packetCount = 0;
  #octetCount = 0;

  constructor(options: RtpSenderOptions) {
    checkUnsigned('RTP_FIELD_OUT_OF_RANGE', 'payload type', options.payloadType, 0x7f);
    if (!Number.isInteger(options.clockRate) || options.clockRate <= 0) throw new RtpError('RTP_BAD_CONFIG', `clock rate ${options.clockRate} is not a positive integer`);
    const samplesPerFrame = options.samplesPerFrame ?? (options.clockRate * 20) / 1000;
    if (!Number.isInteger(samplesPerFrame) || samplesPerFrame <= 0) throw new RtpError('RTP_BAD_CONFIG', `${samplesPerFrame} samples per frame is not a positive integer`);
    this.payloadType = options.payloadType;
    this.clockRate = options.clockRate;
    this.samplesPerFrame = samplesPerFrame;
    this.ssrc = options.ssrc ?? randomInteger(options.random, 0x1_0000_0000);
    checkUnsigned('RTP_FIELD_OUT_OF_RANGE', 'SSRC', this.ssrc, 0xffff_ffff);
    this.#sequenceNumber = randomInteger(options.random, 0x1_0000);
    this.#timestamp = randomInteger(options.random, 0x1_0000_0000);
  }

  /** The sequence number and timestamp the next packet will carry. */
  get nextSequenceNumber(): number {
    return this.#sequenceNumber;
  }

  get nextTimestamp(): number {
    return this.#timestamp;
  }

  get counters(): RtpSenderCounters {
    return { packetCount: this.#packetCount, octetCount: this.#octetCount };
  }

  /** The packet for one frame of `samples` samples (a frame by default); advances seq and timestamp. */
  sendFrame(payload: Uint8Array, samples: number = this.samplesPerFrame): RtpPacket {
    const packet: RtpPacket = {
      marker: this.#talkspurtStart,
      payloadType: this.payloadType,
      sequenceNumber: this.#sequenceNumber,
      timestamp: this.#timestamp,
      ssrc: this.ssrc,
      csrcs: [],
      payload,
      paddingLength: 0,
    };
    this.#talkspurtStart = false;
    this.#sequenceNumber = seqAdd(this.#sequenceNumber, 1);
    this.#timestamp = timestampAdd(this.#timestamp, samples);
    this.#packetCount = (this.#packetCount + 1) % 0x1_0000_0000;
    this.#octetCount = (this.#octetCount + payload.length) % 0x1_0000_0000;
    return packet;
  }

  /**
   * Silence that is not sent (DTX): the timestamp moves on, the sequence number does not (RFC 3550
   * §5.1 — the timestamp follows the sampling clock), and the next frame starts a talkspurt.
   */
  skipSilence(samples: number = this.samplesPerFrame): void {
    this.#timestamp = timestampAdd(this.#timestamp, samples);
    this.#talkspurtStart = true;
  }
}

function randomInteger(random: RandomSource, modulo: number): number {
  return Math.floor(random() * modulo) % modulo;
}
