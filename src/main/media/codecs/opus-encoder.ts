import type { AudioEncoder, CodecDescriptor } from './audio-codec.js';
import { OPUS_DESCRIPTOR } from './codec-descriptors.js';
import { MediaCodecError } from './media-codec-error.js';
import { OPUS_APPLICATION_VOIP, OpusNativeHandle } from './opus-native.js';

/** Encoder requests of opus_defines.h. */
const OPUS_SET_BITRATE = 4002;
const OPUS_SET_COMPLEXITY = 4010;
const OPUS_SET_INBAND_FEC = 4012;
const OPUS_SET_PACKET_LOSS_PERC = 4014;
const OPUS_SET_DTX = 4016;
const OPUS_SET_SIGNAL = 4024;
const OPUS_SIGNAL_VOICE = 3001;
/** Each GET request is its SET request + 1. */
const GET = 1;

/** What libopus says it is set to (read back, not remembered). */
export interface OpusEncoderSettings {
  readonly bitrate: number;
  readonly complexity: number;
  readonly inbandFec: boolean;
  readonly dtx: boolean;
  readonly packetLossPercent: number;
}

/** What SDP `fmtp` can negotiate (RFC 7587 §6.1: useinbandfec, usedtx, maxaveragebitrate) and local tuning. */
export interface OpusEncoderOptions {
  /** Target bitrate in bit/s, 6000–510000 (RFC 7587 §6.1 maxaveragebitrate). Default: libopus's choice. */
  readonly bitrate?: number;
  /** 0–10; DESIGN.md measured 5 at ~141 µs and 9 at ~252 µs a frame. Default 5. */
  readonly complexity?: number;
  /** Send in-band FEC (LBRR) when the peer said useinbandfec=1. Default false. */
  readonly inbandFec?: boolean;
  /** Discontinuous transmission when the peer said usedtx=1: silence becomes 1–2 byte packets. Default false. */
  readonly dtx?: boolean;
  /** Expected loss, 0–100; FEC is only spent when this is above 0. Default 10 with FEC, else 0. */
  readonly packetLossPercent?: number;
}

function checkRange(name: string, value: number | undefined, min: number, max: number): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new MediaCodecError('CODEC_BAD_OPTION', `Opus ${name} must be an integer from ${min} to ${max}, not ${value}`);
  }
}

/** Opus, 48 kHz mono, 20 ms frames, the VOIP application (RFC 7587). */
export class OpusEncoder implements AudioEncoder {
  readonly descriptor: CodecDescriptor = OPUS_DESCRIPTOR;
  readonly #native: OpusNativeHandle;

  constructor(options: OpusEncoderOptions = {}) {
    checkRange('bitrate', options.bitrate, 6000, 510000);
    checkRange('complexity', options.complexity, 0, 10);
    checkRange('packet loss percentage', options.packetLossPercent, 0, 100);
    this.#native = new OpusNativeHandle(OPUS_DESCRIPTOR.sampleRate, 1, OPUS_APPLICATION_VOIP);
    try {
      const fec = options.inbandFec ?? false;
      this.#ctl(OPUS_SET_SIGNAL, OPUS_SIGNAL_VOICE);
      this.#ctl(OPUS_SET_COMPLEXITY, options.complexity ?? 5);
      if (options.bitrate !== undefined) this.#ctl(OPUS_SET_BITRATE, options.bitrate);
      this.#ctl(OPUS_SET_INBAND_FEC, fec ? 1 : 0);
      this.#ctl(OPUS_SET_PACKET_LOSS_PERC, options.packetLossPercent ?? (fec ? 10 : 0));
      this.#ctl(OPUS_SET_DTX, options.dtx ? 1 : 0);
    } catch (error) {
      this.#native.delete();
      throw error;
    }
  }

  encode(pcm: Int16Array): Uint8Array {
    if (pcm.length !== this.descriptor.samplesPerFrame) {
      throw new MediaCodecError('CODEC_BAD_FRAME', `Opus encodes ${this.descriptor.samplesPerFrame} samples a frame, not ${pcm.length}`);
    }
    const packet = this.#native.encode(pcm, pcm.length);
    if (typeof packet === 'number') throw new MediaCodecError('CODEC_FAILED', `opus_encode failed with error ${packet}`);
    return packet;
  }

  /** Changes the bitrate mid-call (for example after a TMMBR or a loss report). */
  setBitrate(bitrate: number): void {
    checkRange('bitrate', bitrate, 6000, 510000);
    this.#ctl(OPUS_SET_BITRATE, bitrate);
  }

  setPacketLossPercent(percent: number): void {
    checkRange('packet loss percentage', percent, 0, 100);
    this.#ctl(OPUS_SET_PACKET_LOSS_PERC, percent);
  }

  get settings(): OpusEncoderSettings {
    const read = (request: number): number => {
      const value = this.#native.encoderGet(request + GET);
      if (value === undefined) throw new MediaCodecError('CODEC_FAILED', `opus_encoder_ctl(${request + GET}) failed`);
      return value;
    };
    return {
      bitrate: read(OPUS_SET_BITRATE),
      complexity: read(OPUS_SET_COMPLEXITY),
      inbandFec: read(OPUS_SET_INBAND_FEC) !== 0,
      dtx: read(OPUS_SET_DTX) !== 0,
      packetLossPercent: read(OPUS_SET_PACKET_LOSS_PERC),
    };
  }

  delete(): void {
    this.#native.delete();
  }

  #ctl(request: number, value: number): void {
    const result = this.#native.encoderCtl(request, value);
    if (result < 0) throw new MediaCodecError('CODEC_FAILED', `opus_encoder_ctl(${request}, ${value}) failed with error ${result}`);
  }
}
