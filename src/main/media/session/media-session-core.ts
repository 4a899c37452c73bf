import type { AudioLevel } from '../audio/level-meter.js';
import { LevelMeter } from '../audio/level-meter.js';
import type { AudioDecoder, AudioEncoder, CodecDescriptor } from '../codecs/audio-codec.js';
import { DtmfReceiver, type DtmfDigitReceived } from '../codecs/dtmf-receiver.js';
import { DtmfSender } from '../codecs/dtmf-sender.js';
import { isMediaCodecError } from '../codecs/media-codec-error.js';
import { dtmfEventCode } from '../codecs/telephone-event.js';
import { PlayoutBuffer, type PlayoutFrame } from '../playout/playout-buffer.js';
import { callStatistics, type CallStatistics } from '../rtcp/call-statistics.js';
import { decodeRtcpCompound } from '../rtcp/decode-rtcp-compound.js';
import { isRtcp } from '../rtcp/rtcp-mux.js';
import { decodeRtpPacket, encodeRtpPacket, type RtpPacket } from '../rtp/rtp-packet.js';
import { RtpReceiverStats } from '../rtp/rtp-receiver-stats.js';
import { RtpSender } from '../rtp/rtp-sender.js';
import { TypedEmitter } from '../../typed-emitter.js';
import { ENGINE_FRAME_SAMPLES, ENGINE_SAMPLE_RATE, type AudioSink, type AudioSource } from './audio-io.js';
import { FrameResampler } from './frame-resampler.js';
import { playsIn, resolveSessionConfig, sendsIn, type MediaDirection, type MediaSessionConfig } from './media-session-config.js';
import { MediaSessionError } from './media-session-error.js';
import { PitchConcealer } from './pitch-concealer.js';
import { RtcpReporter, type RtcpReportInput } from './rtcp-reporter.js';

export interface MediaLevels {
  /** What the source gave (the microphone), muted or not: a meter can say "you are muted". */
  readonly input: AudioLevel;
  /** What went to the sink (the loudspeaker). */
  readonly output: AudioLevel;
  readonly muted: boolean;
}

export interface MediaSessionCoreEvents extends Record<string, unknown> {
  dtmfReceived: DtmfDigitReceived;
  levels: MediaLevels;
  /** A finite source (a file) has played to its end. */
  sourceEnded: { readonly atMs: number };
  /** The peer sent RTCP BYE (RFC 3550 §6.6). */
  byeReceived: { readonly atMs: number };
}

/** Datagrams that were not used, for diagnostics. */
export interface MediaReceiveCounters {
  readonly malformed: number;
  readonly unknownPayloadType: number;
  readonly decodeErrors: number;
  readonly ssrcChanges: number;
}

export interface MediaSessionCoreOptions extends MediaSessionConfig {
  readonly source: AudioSource;
  readonly sink: AudioSink;
  /** Random numbers for SSRC, sequence and timestamp starts and the RTCP interval (Math.random in production). */
  readonly random: () => number;
}

/**
 * One call's audio, synchronous and free of I/O: the media worker (or a test) calls `tick` every
 * 20 ms and hands it every datagram with `receive`; `tick` returns the datagrams to send. Each
 * tick reads one frame from the source, encodes it (or sends DTMF instead, RFC 4733 §2.5.1.2), and
 * plays one frame from the playout buffer into the sink, all at 48 kHz on the outside. RTP and
 * RTCP share the socket (RFC 5761). Closing it frees the codecs and closes source and sink.
 */
export class MediaSessionCore extends TypedEmitter<MediaSessionCoreEvents> {
  readonly descriptor: CodecDescriptor;
  readonly payloadType: number;
  readonly telephoneEventPayloadType: number | undefined;
  readonly #source: AudioSource;
  readonly #sink: AudioSink;
  readonly #encoder: AudioEncoder;
  readonly #decoder: AudioDecoder;
  readonly #toCodec: FrameResampler;
  readonly #toEngine: FrameResampler;
  readonly #concealer: PitchConcealer;
  readonly #rtp: RtpSender;
  readonly #rtcp: RtcpReporter;
  /** RTCP goes out only on a port the peer agreed to (RFC 5761); the reports still keep our statistics. */
  readonly #rtcpMux: boolean;
  readonly #playout: PlayoutBuffer;
  readonly #dtmfSender: DtmfSender | undefined;
  readonly #dtmfReceiver = new DtmfReceiver();
  readonly #inputMeter = new LevelMeter();
  readonly #outputMeter = new LevelMeter();
  readonly #levelIntervalMs: number;
  #receiver: RtpReceiverStats;
  #remoteSsrc: number | undefined;
  #direction: MediaDirection;
  #muted = false;
  #closed = false;
  #sourceEnded = false;
  #lastLevelsMs: number | undefined;
  /** The tick whose frame `play` already played (a conference member's). */
  #playedAtMs: number | undefined;
  #weSent = false;
  #remoteSent = false;
  #counters = { malformed: 0, unknownPayloadType: 0, decodeErrors: 0, ssrcChanges: 0 };

  constructor(options: MediaSessionCoreOptions) {
    super();
    const config = resolveSessionConfig(options);
    this.descriptor = config.codec.descriptor;
    this.payloadType = config.payloadType;
    this.telephoneEventPayloadType = config.telephoneEventPayloadType;
    this.#direction = config.direction;
    this.#levelIntervalMs = config.levelIntervalMs;
    this.#source = options.source;
    this.#sink = options.sink;
    const { clockRate, sampleRate, samplesPerFrame } = this.descriptor;
    this.#rtp = new RtpSender({ payloadType: config.payloadType, clockRate, samplesPerFrame: this.descriptor.timestampPerFrame, ssrc: options.ssrc, random: options.random });
    const cname = options.cname ?? `parley-${Math.floor(options.random() * 0x1_0000_0000).toString(16)}`;
    this.#rtcpMux = config.rtcpMux;
    this.#rtcp = new RtcpReporter({ ssrc: this.#rtp.ssrc, cname, rtcpBandwidth: config.rtcpBandwidth, random: options.random });
    this.#playout = new PlayoutBuffer({ ...options.playout, clockRate });
    this.#receiver = new RtpReceiverStats(clockRate);
    this.#toCodec = new FrameResampler(ENGINE_SAMPLE_RATE, sampleRate, samplesPerFrame);
    this.#toEngine = new FrameResampler(sampleRate, ENGINE_SAMPLE_RATE, ENGINE_FRAME_SAMPLES);
    this.#concealer = new PitchConcealer(sampleRate, samplesPerFrame);
    this.#dtmfSender = config.telephoneEventPayloadType === undefined ? undefined : new DtmfSender({ clockRate });
    this.#encoder = config.codec.createEncoder();
    try {
      this.#decoder = config.codec.createDecoder();
    } catch (error) {
      this.#encoder.delete();
      throw error;
    }
  }

  get ssrc(): number {
    return this.#rtp.ssrc;
  }

  get direction(): MediaDirection {
    return this.#direction;
  }

  get muted(): boolean {
    return this.#muted;
  }

  get closed(): boolean {
    return this.#closed;
  }

  get receiveCounters(): MediaReceiveCounters {
    return { ...this.#counters };
  }

  /** Muted: the source is still read (and metered) but silence is encoded and sent. */
  setMuted(muted: boolean): void {
    this.#muted = muted;
  }

  /** Hold and resume (RFC 3264 §8.4): what we send and what we play. RTCP goes on either way (§5.1). */
  setDirection(direction: MediaDirection): void {
    this.#direction = direction;
  }

  /** Queues RFC 4733 digits; audio is suppressed while each event is on the wire. */
  sendDtmf(digits: string): void {
    this.#checkOpen();
    if (!this.#dtmfSender) throw new MediaSessionError('MEDIA_DTMF_NOT_NEGOTIATED', 'the peer did not negotiate telephone-event');
    if (digits.length === 0 || [...digits].some((digit) => dtmfEventCode(digit) === undefined)) {
      throw new MediaSessionError('MEDIA_BAD_DIGITS', `${JSON.stringify(digits)} is not a string of DTMF digits (0–9, *, #, A–D)`);
    }
    this.#dtmfSender.send(digits);
  }

  /** One 20 ms step of the audio clock; returns the datagrams to send now. */
  tick(nowMs: number): Uint8Array[] {
    if (this.#closed) return [];
    const out: Uint8Array[] = [];
    const packet = this.#sendFrame(nowMs);
    if (packet) out.push(encodeRtpPacket(packet));
    if (this.#playedAtMs !== nowMs) this.#playFrame(this.#playout.pull(nowMs));
    this.#emitLevels(nowMs);
    if (this.#rtcp.due(nowMs, this.#activity())) {
      const report = this.#rtcp.report(nowMs, this.#reportInput());
      if (this.#rtcpMux) out.push(report);
      this.#weSent = false;
      this.#remoteSent = false;
    }
    return out;
  }

  /**
   * The receive half of `tick`, run first for a conference member: the mixer needs every
   * member's frame of this tick before it sends anyone's mix-minus. `tick(nowMs)` then only sends.
   */
  play(nowMs: number): void {
    if (this.#closed) return;
    this.#playFrame(this.#playout.pull(nowMs));
    this.#playedAtMs = nowMs;
  }

  /** One datagram from the peer: RTP of the negotiated payload types, or RTCP. */
  receive(bytes: Uint8Array, nowMs: number): void {
    if (this.#closed) return;
    if (isRtcp(bytes)) {
      const decoded = decodeRtcpCompound(bytes);
      if (!decoded.ok) return void (this.#counters.malformed += 1);
      this.#rtcp.receive(decoded.packets, bytes.length, nowMs);
      if (decoded.packets.some((packet) => packet.type === 'bye')) this.emit('byeReceived', { atMs: nowMs });
      return;
    }
    const decoded = decodeRtpPacket(bytes);
    if (!decoded.ok) return void (this.#counters.malformed += 1);
    const packet = decoded.packet;
    const isAudio = packet.payloadType === this.payloadType;
    if (!isAudio && packet.payloadType !== this.telephoneEventPayloadType) return void (this.#counters.unknownPayloadType += 1);
    if (this.#remoteSsrc !== packet.ssrc) this.#adoptSource(packet.ssrc);
    this.#remoteSent = true;
    // Telephone-events share the stream's sequence numbers (RFC 4733 §2.1), so they count for loss.
    this.#receiver.record(packet.sequenceNumber, packet.timestamp, nowMs);
    if (isAudio) {
      this.#playout.push({ seq: packet.sequenceNumber, timestamp: packet.timestamp, payload: packet.payload.slice(), arrivalMs: nowMs });
      return;
    }
    const digit = this.#dtmfReceiver.receive(packet);
    if (digit) this.emit('dtmfReceived', digit);
  }

  /** A snapshot of the call's figures (RFC 3550 reception, playout, E-model MOS). */
  statistics(): CallStatistics {
    return callStatistics({
      codec: this.descriptor.encodingName,
      frameMs: 20,
      sender: this.#rtp.counters,
      receiver: this.#receiver,
      playout: this.#playout.stats(),
      roundTripTimeMs: this.#rtcp.roundTripTimeMs,
    });
  }

  /** Ends the session: returns the RTCP BYE to send, frees the codecs, closes source and sink. */
  close(nowMs: number, reason?: string): Uint8Array[] {
    if (this.#closed) return [];
    const bye = this.#rtcp.bye(nowMs, this.#reportInput(), reason);
    this.#closed = true;
    this.#encoder.delete();
    this.#decoder.delete();
    try {
      this.#source.close?.();
    } finally {
      this.#sink.close?.();
    }
    return this.#rtcpMux ? [bye] : [];
  }

  #sendFrame(nowMs: number): RtpPacket | undefined {
    const input = this.#source.read(ENGINE_FRAME_SAMPLES);
    this.#inputMeter.push(input);
    if (!this.#sourceEnded && this.#source.ended === true) {
      this.#sourceEnded = true;
      this.emit('sourceEnded', { atMs: nowMs });
    }
    if (!sendsIn(this.#direction)) {
      this.#rtp.skipSilence();
      return undefined;
    }
    this.#weSent = true;
    const event = this.#dtmfSender?.busy ? this.#dtmfSender.tick(this.#rtp.nextTimestamp) : undefined;
    if (event && this.telephoneEventPayloadType !== undefined) {
      const frame = this.#rtp.sendFrame(event.payload);
      return { ...frame, payloadType: this.telephoneEventPayloadType, marker: event.marker, timestamp: event.timestamp };
    }
    const shared = this.#muted ? undefined : this.#source.preEncoded?.();
    if (shared) return this.#rtp.sendFrame(shared);
    const pcm = this.#toCodec.process(this.#muted ? new Int16Array(ENGINE_FRAME_SAMPLES) : input);
    return this.#rtp.sendFrame(this.#encoder.encode(pcm));
  }

  #playFrame(frame: PlayoutFrame): void {
    let pcm: Int16Array;
    if (frame.kind === 'frame') {
      try {
        pcm = this.#concealer.good(this.#decoder.decode(frame.payload));
      } catch (error) {
        if (!isMediaCodecError(error)) throw error;
        this.#counters.decodeErrors += 1;
        pcm = this.#concealer.conceal();
      }
    } else if (frame.kind === 'lost') {
      pcm = this.#concealer.conceal();
    } else {
      this.#concealer.reset();
      pcm = new Int16Array(this.descriptor.samplesPerFrame);
    }
    const engine = this.#toEngine.process(pcm);
    const heard = playsIn(this.#direction) ? engine : new Int16Array(ENGINE_FRAME_SAMPLES);
    this.#outputMeter.push(heard);
    this.#sink.write(heard);
  }

  #emitLevels(nowMs: number): void {
    if (this.#lastLevelsMs === undefined) this.#lastLevelsMs = nowMs;
    if (nowMs - this.#lastLevelsMs < this.#levelIntervalMs) return;
    this.#lastLevelsMs = nowMs;
    this.emit('levels', { input: this.#inputMeter.take(), output: this.#outputMeter.take(), muted: this.#muted });
  }

  /** A new SSRC (the peer restarted its stream, RFC 3550 §8.2): start its statistics and playout over. */
  #adoptSource(ssrc: number): void {
    if (this.#remoteSsrc !== undefined) {
      this.#counters.ssrcChanges += 1;
      this.#receiver = new RtpReceiverStats(this.descriptor.clockRate);
      this.#playout.reset();
    }
    this.#remoteSsrc = ssrc;
  }

  #activity(): Pick<RtcpReportInput, 'weSent' | 'remoteSent'> {
    return { weSent: this.#weSent, remoteSent: this.#remoteSent };
  }

  #reportInput(): RtcpReportInput {
    const remote = this.#remoteSsrc === undefined ? undefined : { ssrc: this.#remoteSsrc, stats: this.#receiver };
    return { sender: this.#rtp, weSent: this.#weSent, remote, remoteSent: this.#remoteSent };
  }

  #checkOpen(): void {
    if (this.#closed) throw new MediaSessionError('MEDIA_SESSION_CLOSED', 'the media session is closed');
  }
}
