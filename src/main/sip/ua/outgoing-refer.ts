/**
 * A REFER we sent in a dialog (RFC 3515 §2.4.1) and the implicit `refer` subscription it
 * creates: 2xx means accepted, each NOTIFY reports the referenced request's progress as a
 * sipfrag status line, and `Subscription-State: terminated` ends it (§2.4.4–2.4.7).
 */
import { TypedEmitter } from '../../typed-emitter.js';
import type { SipHeaderInit } from '../message/index.js';
import type { DialogChannel } from './dialog-channel.js';
import { type EventHeader, parseEventHeader, parseSipfragStatus, parseSubscriptionState } from './event-headers.js';
import { outcomeOfFailure, outcomeOfResponse, type RequestOutcome } from './request-outcome.js';
import type { ServerRequest } from './server-request.js';
import { StateMachine } from './state-machine.js';

export type OutgoingReferState = 'sent' | 'accepted' | 'failed' | 'completed';

const MOVES: Readonly<Record<OutgoingReferState, readonly OutgoingReferState[]>> = {
  sent: ['accepted', 'failed', 'completed'],
  accepted: ['completed'],
  failed: [],
  completed: [],
};

export interface ReferProgress {
  /** The status line of the referenced request, from the sipfrag. */
  readonly status: number;
  readonly reason: string;
}

export type OutgoingReferEvents = {
  accepted: RequestOutcome;
  failed: RequestOutcome;
  progress: ReferProgress;
  /** The subscription ended; `last` is the final status reported, when one was. */
  completed: { readonly last: ReferProgress | undefined };
};

export class OutgoingRefer {
  readonly #machine = new StateMachine<OutgoingReferState>('outgoing REFER', 'sent', MOVES);
  readonly #events = new TypedEmitter<OutgoingReferEvents>();
  #id: string | undefined;
  #last: ReferProgress | undefined;

  /** Sends `REFER` with `Refer-To: target` in the dialog. */
  constructor(channel: DialogChannel, target: string, headers: readonly SipHeaderInit[] = []) {
    const sent = channel.send(
      { method: 'REFER', withContact: true, headers: [['Refer-To', target.startsWith('<') ? target : `<${target}>`], ...headers] },
      {
        response: (response) => {
          if (response.status < 200) return;
          if (response.status < 300) {
            if (this.#machine.is('sent')) this.#machine.transition('accepted');
            this.#events.emit('accepted', outcomeOfResponse(response));
          } else this.#fail(outcomeOfResponse(response));
        },
        failed: (failure) => this.#fail(outcomeOfFailure(failure)),
      },
    );
    // The REFER's CSeq number is the `id` its NOTIFYs carry (§2.4.6).
    this.#id = sent === undefined ? undefined : String(channel.dialog.localSeq);
  }

  get state(): OutgoingReferState {
    return this.#machine.state;
  }

  get done(): boolean {
    return this.#machine.is('failed', 'completed');
  }

  onAccepted(listener: (outcome: RequestOutcome) => void): () => void {
    return this.#events.on('accepted', listener);
  }

  onFailed(listener: (outcome: RequestOutcome) => void): () => void {
    return this.#events.on('failed', listener);
  }

  onProgress(listener: (progress: ReferProgress) => void): () => void {
    return this.#events.on('progress', listener);
  }

  onCompleted(listener: (event: { readonly last: ReferProgress | undefined }) => void): () => void {
    return this.#events.on('completed', listener);
  }

  /** A NOTIFY for `refer` with our id, or without an id (§2.4.6 makes the id optional for the first REFER). */
  matches(event: EventHeader): boolean {
    return event.eventPackage === 'refer' && (event.id === undefined || event.id === this.#id);
  }

  receiveNotify(server: ServerRequest): void {
    const state = parseSubscriptionState(server.request.headers.first('Subscription-State'));
    const event = parseEventHeader(server.request.headers.first('Event'));
    if (state === undefined || event === undefined) {
      server.respond(400, { reason: 'Missing or Malformed Subscription-State' });
      return;
    }
    server.respond(200);
    const progress = parseSipfragStatus(server.request.body);
    if (progress) {
      this.#last = progress;
      this.#events.emit('progress', progress);
    }
    if (state.state === 'terminated' && !this.done) {
      this.#machine.transition('completed');
      this.#events.emit('completed', { last: this.#last });
    }
  }

  #fail(outcome: RequestOutcome): void {
    if (!this.#machine.is('sent')) return;
    this.#machine.transition('failed');
    this.#events.emit('failed', outcome);
  }
}
