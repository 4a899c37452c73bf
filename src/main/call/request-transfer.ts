/**
 * The transferor's REFER (RFC 3515 §2.4.1, RFC 5589 §6): sent in the call's dialog, then
 * followed through the implicit `refer` subscription until a NOTIFY's sipfrag carries a final
 * status, the subscription ends without one, or the time allowed runs out. The outcome is a
 * value; what it means for the call (BYE, resume) is the caller's.
 */
import type { Clock, TimerHandle } from '../clock.js';
import type { SipHeaderInit } from '../sip/message/index.js';
import type { InviteSession } from '../sip/ua/index.js';
import { verdictOf, type TransferFailure, type TransferOutcome } from './transfer-decisions.js';

export interface TransferRequestOptions {
  /** Our address, sent as Referred-By (RFC 3892) so the transferee can tell whose idea the new call was. */
  readonly referredBy?: string | undefined;
  readonly clock: Clock;
  /** How long after the 202 a final NOTIFY may take. */
  readonly timeoutMs: number;
}

export interface TransferRequest {
  /** Resolves once the peer accepted (202, or a first NOTIFY overtaking it); rejects with the refusal. */
  readonly accepted: Promise<void>;
  /** Settles once: the final NOTIFY's verdict, the timeout, or `abandon`. */
  readonly outcome: Promise<TransferOutcome>;
  /** The call ended first: the outcome is `callEnded`, and later NOTIFYs no longer matter. */
  abandon(): void;
}

/** Thrown by `accepted` when the REFER was refused. */
export class TransferRefused extends Error {
  readonly failure: TransferFailure & { readonly kind: 'refused' };

  constructor(failure: TransferFailure & { readonly kind: 'refused' }) {
    super(`REFER refused: ${failure.status} ${failure.reason}`);
    this.name = 'TransferRefused';
    this.failure = failure;
  }
}

/** Sends REFER with `Refer-To: target` in `session` (which must be confirmed) and follows it. */
export function requestTransfer(session: InviteSession, target: string, options: TransferRequestOptions): TransferRequest {
  const headers: SipHeaderInit[] = options.referredBy === undefined ? [] : [['Referred-By', `<${options.referredBy}>`]];
  const referral = session.refer(target, headers);
  let timer: TimerHandle | undefined;
  let settle: (outcome: TransferOutcome) => void = () => undefined;
  const outcome = new Promise<TransferOutcome>((resolve) => (settle = resolve));
  let done = false;
  const finish = (result: TransferOutcome): void => {
    if (done) return;
    done = true;
    timer?.cancel();
    settle(result);
  };
  let accept: () => void = () => undefined;
  let refuse: (error: TransferRefused) => void = () => undefined;
  const accepted = new Promise<void>((resolve, reject) => {
    accept = resolve;
    refuse = reject;
  });
  // A refusal is also reported through `outcome`; whoever awaits only that must not see an unhandled rejection.
  accepted.catch(() => undefined);
  const started = (): void => {
    accept();
    if (timer === undefined && !done) {
      timer = options.clock.setTimer(options.timeoutMs, () => finish({ ok: false, failure: { kind: 'timeout', seconds: Math.round(options.timeoutMs / 1000) } }));
    }
  };
  referral.onAccepted(started);
  referral.onFailed(({ status, reason, response }) => {
    const failure = { kind: 'refused' as const, status, reason, answered: response !== undefined };
    refuse(new TransferRefused(failure));
    finish({ ok: false, failure });
  });
  referral.onProgress(({ status, reason }) => {
    started();
    const verdict = verdictOf(status);
    if (verdict === 'succeeded') finish({ ok: true });
    else if (verdict === 'failed') finish({ ok: false, failure: { kind: 'failed', status, reason } });
  });
  // After a final status `finish` has run; a subscription that ends without one leaves the outcome unknown.
  referral.onCompleted(() => finish({ ok: false, failure: { kind: 'unknown' } }));
  return {
    accepted,
    outcome,
    abandon: () => {
      refuse(new TransferRefused({ kind: 'refused', status: 481, reason: 'Call Ended', answered: false }));
      finish({ ok: false, failure: { kind: 'callEnded' } });
    },
  };
}
