/**
 * One call's blind transfers, both ways (RFC 3515, RFC 5589 §6): as transferor, our REFER and
 * what its NOTIFYs finally say; as transferee, the peer's REFER judged and carried out. At most
 * one transfer is under way per call, either way. The call owns it and is told, through
 * `TransferHooks`, when a transfer ends it.
 */
import { systemClock, type Clock } from '../clock.js';
import type { IncomingRefer, InviteSession } from '../sip/ua/index.js';
import { CallError } from './call-error.js';
import { carryOutTransfer } from './carry-out-transfer.js';
import { requestTransfer, TransferRefused, type TransferRequest } from './request-transfer.js';
import type { SipCall } from './sip-call.js';
import { decideReferTo, TRANSFER_TIMEOUT_MS, transferFailureSentence, type ReferTarget, type TransferOutcome } from './transfer-decisions.js';

/** Places the call a REFER from the peer asks for (the node chooses the endpoint). */
export type TransferPlacer = (target: ReferTarget) => Promise<SipCall>;

export interface TransferOptions {
  /** Times the wait for the transfer's outcome. */
  readonly clock?: Clock | undefined;
  readonly timeoutMs?: number | undefined;
}

export interface TransferHooks {
  /** Whether the call is established (a REFER into a call still being set up is declined). */
  established(): boolean;
  /** A transfer succeeded: the call ends with `reason` and its BYE. */
  finish(reason: string, session: InviteSession): void;
  /** The peer's REFER was accepted; the new call follows as a call of its own. */
  requested(target: string): void;
}

export class CallTransfers {
  readonly #hooks: TransferHooks;
  /** Our REFER being followed (we are the transferor), and where to. */
  #outgoing: { readonly target: string; readonly request: TransferRequest } | undefined;
  /** We accepted the peer's REFER (we are the transferee): its BYE from now on ends the transfer. */
  #referredAway = false;
  #place: TransferPlacer | undefined;
  #log: (line: string) => void = () => undefined;

  constructor(hooks: TransferHooks) {
    this.#hooks = hooks;
  }

  /** Lets the peer transfer the call (REFERs are carried out by `place`); without it they are declined (603). */
  accept(place: TransferPlacer | undefined, log: (line: string) => void): void {
    this.#place = place;
    this.#log = log;
  }

  /**
   * REFERs the peer to `target` in `session`'s dialog. Resolves once the peer accepted (202) with
   * the outcome to come; a 2xx there ends the call (`transferred to …`). A refusal rejects.
   */
  async request(session: InviteSession, target: string, referredBy: string, options: TransferOptions): Promise<{ readonly outcome: Promise<TransferOutcome> }> {
    if (this.#outgoing) throw new CallError('CALL_BUSY', `this call is being transferred to ${this.#outgoing.target.slice(0, 200)} already`);
    if (this.#referredAway) throw new CallError('CALL_BUSY', 'the other party is transferring this call already');
    let request: TransferRequest;
    try {
      request = requestTransfer(session, target, { referredBy, clock: options.clock ?? systemClock, timeoutMs: options.timeoutMs ?? TRANSFER_TIMEOUT_MS });
    } catch (error) {
      throw new CallError('CALL_NOT_ESTABLISHED', `the call cannot be transferred now: ${(error as Error).message}`, { cause: error });
    }
    this.#outgoing = { target, request };
    try {
      await request.accepted;
    } catch (error) {
      this.#outgoing = undefined;
      const sentence = error instanceof TransferRefused ? transferFailureSentence(target, error.failure) : (error as Error).message;
      throw new CallError('CALL_TRANSFER_FAILED', sentence, { cause: error });
    }
    const outcome = request.outcome.then((result) => {
      if (this.#outgoing?.request === request) this.#outgoing = undefined;
      // §6: the new call is up; the transferor leaves.
      if (result.ok) this.#hooks.finish(`transferred to ${target}`, session);
      return result;
    });
    return { outcome };
  }

  /** The call ended: a transfer we were following no longer matters. */
  abandon(): void {
    this.#outgoing?.request.abandon();
  }

  /**
   * What the peer's BYE means, if a transfer explains it: while ours is under way it is the
   * transferee ending the original call after the new one was answered (§6), which its NOTIFY
   * may not have told yet; after we accepted the peer's REFER it is the transferor leaving.
   */
  remoteByeReason(): string | undefined {
    if (this.#outgoing) return `transferred to ${this.#outgoing.target}`;
    if (this.#referredAway) return 'transferred by the other party';
    return undefined;
  }

  /**
   * The peer's REFER (we are the transferee). It arrives in the call's dialog, so it comes from
   * the other party of this call and no one else; its Refer-To is judged (transfer-decisions.ts)
   * before anything is placed.
   */
  receive(refer: IncomingRefer, session: InviteSession): void {
    const decision = decideReferTo(refer.referTo);
    if (!decision.ok) return refer.reject(decision.status, decision.reason);
    const place = this.#place;
    if (!place) return refer.reject(603, 'Transfers Not Taken Here');
    if (!this.#hooks.established() || this.#referredAway || this.#outgoing) return refer.reject(603, 'A Transfer Is Under Way');
    this.#referredAway = true;
    this.#hooks.requested(decision.target.uri);
    carryOutTransfer(refer, decision.target, {
      place,
      reportable: () => session.state === 'confirmed',
      succeeded: () => this.#hooks.finish('transferred by the other party', session),
      failed: () => (this.#referredAway = false),
      log: this.#log,
    });
  }
}
