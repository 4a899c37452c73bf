import { MediaCodecError } from './media-codec-error.js';

/**
 * The RFC 4733 telephone-event payload (§2.3):
 *
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  |     event     |E|R| volume    |          duration             |
 *
 * event: 0–9, * = 10, # = 11, A–D = 12–15 (§3.2, table 7); E: the end of the event; R: reserved,
 * sent 0 and ignored; volume: 0–63, the power in −dBm0 (§2.3.4); duration: in RTP timestamp
 * units since the event's timestamp, an unsigned 16-bit count (§2.3.5).
 */
export interface TelephoneEvent {
  readonly event: number;
  readonly end: boolean;
  readonly volume: number;
  readonly duration: number;
}

export const TELEPHONE_EVENT_PAYLOAD_BYTES = 4;
/** The longest duration one event segment can state (§2.5.1.3 splits longer events). */
export const TELEPHONE_EVENT_MAX_DURATION = 0xffff;

const DTMF_DIGITS = '0123456789*#ABCD';

export type DtmfDigit = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '*' | '#' | 'A' | 'B' | 'C' | 'D';

export function isDtmfDigit(value: string): value is DtmfDigit {
  return value.length === 1 && DTMF_DIGITS.includes(value);
}

/** The event code of a DTMF digit (letters in either case), or `undefined`. */
export function dtmfEventCode(digit: string): number | undefined {
  if (digit.length !== 1) return undefined;
  const code = DTMF_DIGITS.indexOf(digit.toUpperCase());
  return code < 0 ? undefined : code;
}

/** The digit of a DTMF event code (0–15); other events (flash = 16, tones…) are `undefined`. */
export function dtmfDigitOf(event: number): DtmfDigit | undefined {
  const digit = DTMF_DIGITS[event];
  return digit !== undefined && isDtmfDigit(digit) ? digit : undefined;
}

export function encodeTelephoneEvent(value: TelephoneEvent): Uint8Array {
  const { event, volume, duration } = value;
  if (!Number.isInteger(event) || event < 0 || event > 255) throw new MediaCodecError('TELEPHONE_EVENT_INVALID', `event ${event} is not 0–255`);
  if (!Number.isInteger(volume) || volume < 0 || volume > 63) throw new MediaCodecError('TELEPHONE_EVENT_INVALID', `volume ${volume} is not 0–63`);
  if (!Number.isInteger(duration) || duration < 0 || duration > TELEPHONE_EVENT_MAX_DURATION) {
    throw new MediaCodecError('TELEPHONE_EVENT_INVALID', `duration ${duration} is not 0–65535`);
  }
  return Uint8Array.of(event, (value.end ? 0x80 : 0) | volume, duration >> 8, duration & 0xff);
}

/**
 * Reads the first event of a payload. Longer payloads (RFC 2198 redundancy is carried
 * elsewhere) keep their first 4 bytes; shorter ones are `undefined`.
 */
export function decodeTelephoneEvent(payload: Uint8Array): TelephoneEvent | undefined {
  const [event, flags, high, low] = payload;
  if (event === undefined || flags === undefined || high === undefined || low === undefined) return undefined;
  return { event, end: (flags & 0x80) !== 0, volume: flags & 0x3f, duration: (high << 8) | low };
}
