import { CodedError } from '../../coded-error.js';

/**
 * Faults in our own use of RTP/RTCP (a field out of range when we encode, a bad configuration).
 * Bytes from a peer never throw: their decoders return `{ ok: false, error }` values instead.
 */
export type RtpErrorCode = 'RTP_FIELD_OUT_OF_RANGE' | 'RTP_BAD_CONFIG' | 'RTCP_FIELD_OUT_OF_RANGE';

export class RtpError extends CodedError<RtpErrorCode> {
  constructor(code: RtpErrorCode, message: string) {
    super('RtpError', code, message);
  }
}

/** Throws `RTP_FIELD_OUT_OF_RANGE`/`RTCP_FIELD_OUT_OF_RANGE` unless `value` is an integer in [0, max]. */
export function checkUnsigned(code: 'RTP_FIELD_OUT_OF_RANGE' | 'RTCP_FIELD_OUT_OF_RANGE', name: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RtpError(code, `${name} must be an integer from 0 to ${max}, not ${value}`);
  }
}
