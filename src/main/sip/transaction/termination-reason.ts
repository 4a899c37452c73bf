/**
 * Why a transaction ended: `normal` when its last timer (D, I, J, K, L or M) ran out,
 * `timeout` when no final response or ACK came (Timer B, F or H), `transportError` when the
 * transport could not send (§17.1.4, §17.2.4).
 */
export type TerminationReason = 'normal' | 'timeout' | 'transportError';
