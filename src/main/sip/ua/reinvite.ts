/**
 * Modifying a session (RFC 3261 §14): the re-INVITE we send (§14.1) and the re-INVITE we
 * answer (§14.2). Offers and answers pass through as opaque bodies; glare (an INVITE from each
 * side at once) gets 491, a second INVITE while the first is unanswered gets 500 with
 * Retry-After, and a refused offer gets 488.
 */
import type { SipRequest, SipResponse } from '../message/index.js';
import type { DialogChannel } from './dialog-channel.js';
import { outcomeOfFailure, outcomeOfResponse, type RequestOutcome } from './request-outcome.js';
import { contentOf, type SipContent, type SipContentInit } from './sip-content.js';
import { allowAndSupported, type UaContext } from './ua-context.js';

export type ReinviteResult =
  | { readonly ok: true; readonly answer: SipContent | undefined; readonly response: SipResponse }
  | ({ readonly ok: false } & RequestOutcome);

/** What an offer handler returns: the answer, or a status to refuse the re-INVITE with. */
export type OfferDecision = SipContentInit | { readonly reject: number };

/**
 * Receives the offer of a re-INVITE (undefined for an offerless one, whose 2xx must carry an
 * offer) and returns the answer or a refusal. May return a promise.
 */
export type OfferHandler = (offer: SipContent | undefined, request: SipRequest) => OfferDecision | Promise<OfferDecision>;

export function isRejection(decision: OfferDecision): decision is { readonly reject: number } {
  return 'reject' in decision;
}

/** §14.1: the UAC of a re-INVITE whose 408/481 (or silence) ends the dialog (§12.2.1.2). */
export interface ReinviteClientHooks {
  /** The 2xx arrived and was ACKed. */
  succeeded(result: ReinviteResult & { ok: true }, offer: SipContent | undefined): void;
  failed(result: ReinviteResult & { ok: false }): void;
  /** §12.2.1.2: a 481, a 408 or no response at all: the dialog is gone. */
  dialogGone(): void;
}

export class ReinviteClient {
  readonly done: Promise<ReinviteResult>;
  #ack: ReturnType<DialogChannel['ack']>;

  constructor(ctx: UaContext, channel: DialogChannel, content: SipContentInit | undefined, hooks: ReinviteClientHooks) {
    let settle: (result: ReinviteResult) => void = () => undefined;
    this.done = new Promise((resolve) => (settle = resolve));
    const offerSeq = (channel.dialog.localSeq ?? 0) + 1;
    const sent = channel.send(
      { method: 'INVITE', withContact: true, headers: allowAndSupported(ctx.capabilities), ...(content === undefined ? {} : { content }) },
      {
        response: (response) => {
          if (response.status < 200) return;
          if (response.status >= 300) {
            const result = { ok: false as const, ...outcomeOfResponse(response) };
            settle(result);
            hooks.failed(result);
            if (response.status === 481 || response.status === 408) hooks.dialogGone();
            return;
          }
          // §13.2.2.4: every 2xx, retransmissions included, gets the ACK.
          if (this.#ack) return channel.resend(this.#ack);
          channel.refreshTarget(response);
          if (sent) this.#ack = channel.ack(sent.request, offerSeq);
          const result = { ok: true as const, answer: contentOf(response), response };
          settle(result);
          hooks.succeeded(result, sent ? contentOf(sent.request) : undefined);
        },
        failed: (failure) => {
          const result = { ok: false as const, ...outcomeOfFailure(failure) };
          settle(result);
          hooks.failed(result);
          hooks.dialogGone();
        },
      },
    );
  }
}
