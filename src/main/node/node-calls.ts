import type { CallView, EventName, EventPayload } from '../../shared/api-contract.js';
import type { CommandHandlers } from '../api/api-service.js';
import { CallError } from '../call/call-error.js';
import type { PlainSipEndpoint } from '../call/plain-sip-endpoint.js';
import type { SipCall } from '../call/sip-call.js';

type CallCommands = Pick<CommandHandlers, 'listCalls' | 'placeCall' | 'hangUp' | 'holdCall' | 'resumeCall' | 'sendDtmf' | 'getCallStatistics'>;

/** The pseudo-domain of Parley addresses (DESIGN.md): calls to them go peer to peer, not to an IP. */
const PARLEY_DOMAIN = /@[^;>]*\.invalid(?:[;:>]|$)/i;

/**
 * The node's calls as the typed API shows them: commands that find a call by its Call-ID and
 * act on it, and every change of a call as one `callUpdated` view (so a UI redraws from one
 * shape). The node's microphone mute applies to every call, the ones to come included.
 */
export class NodeCalls {
  readonly #endpoint: PlainSipEndpoint | undefined;
  readonly #emit: <E extends EventName>(name: E, payload: EventPayload<E>) => void;
  readonly #muted: () => boolean;

  constructor(endpoint: PlainSipEndpoint | undefined, muted: () => boolean, emit: <E extends EventName>(name: E, payload: EventPayload<E>) => void) {
    this.#endpoint = endpoint;
    this.#muted = muted;
    this.#emit = emit;
    endpoint?.on('callAdded', ({ call }) => this.#watch(call));
    endpoint?.on('callEnded', ({ callId, reason, status, statistics }) =>
      emit('callEnded', { callId, reason, ...(status !== undefined ? { status } : {}), ...(statistics ? { statistics } : {}) }),
    );
  }

  /** The node's mute changed: every call follows. */
  async applyMute(muted: boolean): Promise<void> {
    const calls = [...(this.#endpoint?.calls.values() ?? [])].filter((call) => call.state !== 'ended');
    await Promise.allSettled(calls.map((call) => call.setMuted(muted)));
  }

  commands(): CallCommands {
    return {
      listCalls: () => [...(this.#endpoint?.calls.values() ?? [])].map(viewOf),
      placeCall: async ({ uri }) => viewOf(await this.#place(uri)),
      hangUp: ({ callId }) => {
        this.#find(callId).hangUp();
        return { callId };
      },
      holdCall: async ({ callId }) => {
        const call = this.#find(callId);
        await call.putOnHold();
        return viewOf(call);
      },
      resumeCall: async ({ callId }) => {
        const call = this.#find(callId);
        await call.resume();
        return viewOf(call);
      },
      sendDtmf: async ({ callId, digits }) => {
        const upper = digits.toUpperCase();
        await this.#find(callId).sendDtmf(upper);
        return { digits: upper };
      },
      getCallStatistics: ({ callId }) => this.#find(callId).statistics(),
    };
  }

  async #place(uri: string): Promise<SipCall> {
    if (PARLEY_DOMAIN.test(uri)) throw new CallError('CALL_UNAVAILABLE', 'calls to Parley addresses (…@parley.invalid) are not available in this version yet');
    if (!this.#endpoint) throw new CallError('CALL_UNAVAILABLE', 'this node does not speak plain SIP: start it with --sip HOST:PORT to call SIP phones');
    return this.#endpoint.call(uri);
  }

  #find(callId: string): SipCall {
    if (!this.#endpoint) throw new CallError('CALL_NOT_FOUND', `there is no call ${callId.slice(0, 100)}`);
    return this.#endpoint.findCall(callId);
  }

  #watch(call: SipCall): void {
    const { callId } = call;
    const updated = (): void => this.#emit('callUpdated', viewOf(call));
    if (this.#muted()) void call.setMuted(true).catch(() => undefined);
    call.on('ringing', updated);
    call.on('established', updated);
    call.on('holdChanged', updated);
    call.on('muteChanged', updated);
    call.on('levels', ({ input, output, muted }) => this.#emit('callLevels', { callId, input, output, muted }));
    call.on('statistics', ({ statistics }) => this.#emit('callStatistics', { callId, statistics }));
    call.on('dtmfReceived', ({ digit }) => this.#emit('dtmfReceived', { callId, digit }));
    updated();
  }
}

export function viewOf(call: SipCall): CallView {
  const { summary } = call;
  return {
    callId: call.callId,
    direction: summary.direction,
    remoteUri: summary.direction === 'incoming' ? summary.from : summary.to,
    state: call.state,
    ...call.hold,
    muted: call.muted,
    codec: call.codec,
    startedAt: call.startedAt,
    establishedAt: call.establishedAt ?? null,
  };
}
