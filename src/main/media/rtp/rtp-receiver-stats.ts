import { RtpError } from './rtp-error.js';
import { SEQUENCE_MODULO, timestampDistance } from './serial-arithmetic.js';

/** RFC 3550 A.1: packets in sequence before a source is valid, and the gaps still taken as one stream. */
export const MIN_SEQUENTIAL = 2;
export const MAX_DROPOUT = 3000;
export const MAX_MISORDER = 100;

/** Cumulative lost is a signed 24-bit field (§6.4.1): it saturates rather than wraps (A.3). */
const MAX_CUMULATIVE_LOST = 0x7f_ffff;
const MIN_CUMULATIVE_LOST = -0x80_0000;

/** What A.1's `update_seq` made of a packet. */
export type RtpSequenceVerdict =
  /** Counted: in sequence, a small gap, a duplicate or a reordered packet. */
  | 'valid'
  /** The source is still on probation (fewer than MIN_SEQUENTIAL packets in a row). */
  | 'probation'
  /** A jump beyond MAX_DROPOUT/MAX_MISORDER; two such packets in a row restart the count. */
  | 'bad-sequence';

/** The reception part of a report block (§6.4.1); RTCP adds SSRC, LSR and DLSR. */
export interface ReceptionReport {
  /** Lost / expected since the previous report, in 1/256 (A.3). */
  readonly fractionLost: number;
  /** Expected − received since the first valid packet; negative with duplicates (§6.4.1). */
  readonly cumulativeLost: number;
  readonly extendedHighestSequenceNumber: number;
  /** Interarrival jitter in timestamp units (A.8), as the integer the report carries. */
  readonly jitter: number;
}

/**
 * Per-source reception statistics: source validation and extended sequence numbers (A.1), loss
 * (A.3) and interarrival jitter (A.8). Arrival times come from the caller (an injected clock
 * reading in ms) and are turned into timestamp units with the codec's clock rate.
 */
export class RtpReceiverStats {
  readonly clockRate: number;
  #maxSeq = 0;
  #cycles = 0;
  #baseSeq = 0;
  #badSeq = SEQUENCE_MODULO + 1;
  #probation = MIN_SEQUENTIAL;
  #received = 0;
  #expectedPrior = 0;
  #receivedPrior = 0;
  #started = false;
  #jitter = 0;
  #previous: { arrivalUnits: number; timestamp: number } | undefined;

  constructor(clockRate: number) {
    if (!(clockRate > 0)) throw new RtpError('RTP_BAD_CONFIG', `clock rate ${clockRate} is not positive`);
    this.clockRate = clockRate;
  }

  /** Records one packet; `arrivalMs` is a reading of the receiver's clock. */
  record(sequenceNumber: number, timestamp: number, arrivalMs: number): RtpSequenceVerdict {
    const verdict = this.#updateSequence(sequenceNumber);
    if (verdict === 'valid') this.#updateJitter(timestamp, (arrivalMs * this.clockRate) / 1000);
    return verdict;
  }

  get isValid(): boolean {
    return this.#started && this.#probation === 0;
  }

  get packetsReceived(): number {
    return this.#received;
  }

  /** A.1: cycles × 2^16 + the highest sequence number seen. */
  get extendedHighestSequenceNumber(): number {
    return this.#cycles + this.#maxSeq;
  }

  get packetsExpected(): number {
    return this.#received === 0 ? 0 : this.extendedHighestSequenceNumber - this.#baseSeq + 1;
  }

  /** A.3, saturated to the 24-bit field. */
  get cumulativeLost(): number {
    return Math.min(MAX_CUMULATIVE_LOST, Math.max(MIN_CUMULATIVE_LOST, this.packetsExpected - this.#received));
  }

  /** A.8 jitter estimate in timestamp units (not rounded). */
  get jitter(): number {
    return this.#jitter;
  }

  get jitterMs(): number {
    return (this.#jitter * 1000) / this.clockRate;
  }

  /** The figures of a report block; starts a new interval for `fractionLost` (A.3). */
  takeReport(): ReceptionReport {
    const expected = this.packetsExpected;
    const expectedInterval = expected - this.#expectedPrior;
    const receivedInterval = this.#received - this.#receivedPrior;
    this.#expectedPrior = expected;
    this.#receivedPrior = this.#received;
    const lostInterval = expectedInterval - receivedInterval;
    const fractionLost = expectedInterval === 0 || lostInterval <= 0 ? 0 : Math.floor((lostInterval * 256) / expectedInterval);
    return {
      fractionLost,
      cumulativeLost: this.cumulativeLost,
      extendedHighestSequenceNumber: this.extendedHighestSequenceNumber % 0x1_0000_0000,
      jitter: Math.floor(this.#jitter),
    };
  }

  #initSequence(seq: number): void {
    this.#baseSeq = seq;
    this.#maxSeq = seq;
    this.#badSeq = SEQUENCE_MODULO + 1;
    this.#cycles = 0;
    this.#received = 0;
    this.#receivedPrior = 0;
    this.#expectedPrior = 0;
  }

  /** A.1 `update_seq`, with the first packet's `init_seq` and probation. */
  #updateSequence(seq: number): RtpSequenceVerdict {
    if (!this.#started) {
      this.#started = true;
      this.#initSequence(seq);
      this.#maxSeq = (seq - 1) & 0xffff;
      this.#probation = MIN_SEQUENTIAL;
    }
    const udelta = (seq - this.#maxSeq) & 0xffff;
    if (this.#probation > 0) {
      if (seq === ((this.#maxSeq + 1) & 0xffff)) {
        this.#probation -= 1;
        this.#maxSeq = seq;
        if (this.#probation === 0) {
          this.#initSequence(seq);
          this.#received += 1;
          return 'valid';
        }
      } else {
        this.#probation = MIN_SEQUENTIAL - 1;
        this.#maxSeq = seq;
      }
      return 'probation';
    }
    if (udelta < MAX_DROPOUT) {
      if (seq < this.#maxSeq) this.#cycles += SEQUENCE_MODULO; // wrapped: one more cycle
      this.#maxSeq = seq;
    } else if (udelta <= SEQUENCE_MODULO - MAX_MISORDER) {
      // A very large jump. Two sequential ones mean the source restarted without telling us.
      if (seq !== this.#badSeq) {
        this.#badSeq = (seq + 1) & 0xffff;
        return 'bad-sequence';
      }
      this.#initSequence(seq);
      this.#previous = undefined;
    }
    // else: a duplicate or a packet reordered by less than MAX_MISORDER — counted, max unchanged.
    this.#received += 1;
    return 'valid';
  }

  /** A.8: J += (|D(i−1, i)| − J) / 16, with D from transit times in timestamp units. */
  #updateJitter(timestamp: number, arrivalUnits: number): void {
    const previous = this.#previous;
    this.#previous = { arrivalUnits, timestamp };
    if (!previous) return;
    const d = arrivalUnits - previous.arrivalUnits - timestampDistance(timestamp, previous.timestamp);
    this.#jitter += (Math.abs(d) - this.#jitter) / 16;
  }
}
