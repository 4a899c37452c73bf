import { decodeTelephoneEvent, dtmfDigitOf, type DtmfDigit } from './telephone-event.js';

export interface DtmfDigitReceived {
  readonly digit: DtmfDigit;
  /** The event's RTP timestamp (its start). */
  readonly timestamp: number;
  readonly volume: number;
}

interface SeenEvent {
  readonly timestamp: number;
  readonly event: number;
  duration: number;
  ended: boolean;
}

/** How many recent events are remembered to recognise late retransmissions. */
const REMEMBERED_EVENTS = 32;

/**
 * Turns RFC 4733 packets into DTMF digits, each exactly once. An event is known by its RTP
 * timestamp and code (§2.5.2.1): the first packet of it that arrives — start, update or end,
 * so a lost start still counts — yields the digit; every later packet of it (updates, the three
 * end packets, late or duplicated ones) only updates what is known. A long event that the
 * sender split into segments (§2.5.1.3) continues at timestamp + duration and is not a new digit.
 * Non-DTMF events and short payloads are ignored.
 */
export class DtmfReceiver {
  readonly #seen: SeenEvent[] = [];

  receive(packet: { readonly timestamp: number; readonly payload: Uint8Array }): DtmfDigitReceived | undefined {
    const decoded = decodeTelephoneEvent(packet.payload);
    if (!decoded) return undefined;
    const digit = dtmfDigitOf(decoded.event);
    if (digit === undefined) return undefined;
    const timestamp = packet.timestamp >>> 0;
    const known = this.#seen.find((seen) => seen.timestamp === timestamp && seen.event === decoded.event);
    if (known) {
      known.duration = Math.max(known.duration, decoded.duration);
      known.ended ||= decoded.end;
      return undefined;
    }
    const last = this.#seen[this.#seen.length - 1];
    const continues = last !== undefined && !last.ended && last.event === decoded.event && ((last.timestamp + last.duration) >>> 0) === timestamp;
    this.#seen.push({ timestamp, event: decoded.event, duration: decoded.duration, ended: decoded.end });
    if (this.#seen.length > REMEMBERED_EVENTS) this.#seen.shift();
    return continues ? undefined : { digit, timestamp, volume: decoded.volume };
  }
}
