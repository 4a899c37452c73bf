import type { CallView, EventName, EventPayload } from '../../shared/api-contract.js';
import type { CommandHandlers } from '../api/api-service.js';
import { CallError } from '../call/call-error.js';
import type { CallEndpoint, CallEndpointEvents } from '../call/call-endpoint.js';
import type { P2pEndpoint } from '../call/p2p-endpoint.js';
import type { PlainSipEndpoint } from '../call/plain-sip-endpoint.js';
import type { SipCall } from '../call/sip-call.js';
import type { EndedCall } from './node-history.js';

type CallCommands = Pick<CommandHandlers, 'listCalls' | 'placeCall' | 'answerCall' | 'hangUp' | 'holdCall' | 'resumeCall' | 'sendDtmf' | 'getCallStatistics'>;

/** The pseudo-domain of Parley addresses (DESIGN.md): calls to them go peer to peer, not to an IP. */
const PARLEY_DOMAIN = /@[^;>]*\.invalid(?:[;:>]|$)/i;

/**
 * The node's calls as the typed API shows them: commands that find a call by its Call-ID and
 * act on it, and every change of a call as one `callUpdated` view (so a UI redraws from one
 * shape). The node's microphone mute applies to every call, the ones to come included.
 */
export class NodeCalls {
  readonly #sip: PlainSipEndpoint | undefined;
  readonly #p2p: P2pEndpoint | undefined;
  readonly #emit: <E extends EventName>(name: E, payload: EventPayload<E>) => void;
  readonly #muted: () => boolean;
  /** Calls being tracked, to know their times when they end. */
  readonly #tracked = new Map<string, SipCall>();
  readonly #ended: ((call: EndedCall) => void) | undefined;

  constructor(
    endpoints: { sip?: PlainSipEndpoint; p2p?: P2pEndpoint },
    muted: () => boolean,
    emit: <E extends EventName>(name: E, payload: EventPayload<E>) => void,
    ended?: (call: EndedCall) => void,
  ) {
    this.#sip = endpoints.sip;
    this.#p2p = endpoints.p2p;
    this.#muted = muted;
    this.#emit = emit;
    this.#ended = ended;
    for (const endpoint of this.#endpoints) {
      endpoint.on('callAdded', ({ call }) => this.#watch(call));
      endpoint.on('callEnded', (ended) => this.#onEnded(ended));
    }
  }

  #onEnded({ callId, direction, from, to, reason, status, statistics }: CallEndpointEvents['callEnded']): void {
    this.#emit('callEnded', { callId, reason, ...(status !== undefined ? { status } : {}), ...(statistics ? { statistics } : {}) });
    // A call refused before it was tracked (a forged device, say) still ended at this moment.
    const call = this.#tracked.get(callId);
    this.#tracked.delete(callId);
    const now = Date.now();
    this.#ended?.({
      direction,
      remoteUri: direction === 'incoming' ? from : to,
      startedAt: call?.startedAt ?? now,
      establishedAt: call?.establishedAt,
      endedAt: now,
      reason,
      status,
    });
  }

  get #endpoints(): CallEndpoint[] {
    return [this.#sip, this.#p2p].filter((endpoint): endpoint is PlainSipEndpoint | P2pEndpoint => endpoint !== undefined);
  }

  get #allCalls(): SipCall[] {
    return this.#endpoints.flatMap((endpoint) => [...endpoint.calls.values()]);
  }

  /** The node's mute changed: every call follows. */
  async applyMute(muted: boolean): Promise<void> {
    const calls = this.#allCalls.filter((call) => call.state !== 'ended');
    await Promise.allSettled(calls.map((call) => call.setMuted(muted)));
  }

  commands(): CallCommands {
    return {
      listCalls: () => this.#allCalls.map(viewOf),
      placeCall: async ({ uri }) => viewOf(await this.#place(uri)),
      answerCall: async ({ callId }) => {
        const endpoint = this.#endpoints.find((candidate) => candidate.calls.has(callId));
        if (!endpoint) throw new CallError('CALL_NOT_FOUND', `there is no call ${callId.slice(0, 100)} (it may have ended)`);
        return viewOf(await endpoint.answerCall(callId));
      },
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
    if (PARLEY_DOMAIN.test(uri)) {
      if (!this.#p2p) throw new CallError('CALL_UNAVAILABLE', 'this node makes no P2P calls');
      return this.#p2p.call(uri);
    }
    if (!this.#sip) throw new CallError('CALL_UNAVAILABLE', 'this node does not speak plain SIP: start it with --sip HOST:PORT to call SIP phones');
    return this.#sip.call(uri);
  }

  #find(callId: string): SipCall {
    const call = this.#allCalls.find((candidate) => candidate.callId === callId);
    if (!call) throw new CallError('CALL_NOT_FOUND', `there is no call ${callId.slice(0, 100)} (it may have ended)`);
    return call;
  }

  #watch(call: SipCall): void {
    const { callId } = call;
    this.#tracked.set(callId, call);
    const updated = (): void => this.#emit('callUpdated', viewOf(call));
    if (this.#muted()) void call.setMuted(true).catch(() => undefined);
    call.on('ringing', updated);
    call.on('established', updated);
    call.on('holdChanged', updated);
    call.on('muteChanged', updated);
    call.on('levels', ({ input, output, muted }) => this.#emit('callLevelsMeasured', { callId, input, output, muted }));
    call.on('statistics', ({ statistics }) => this.#emit('callStatisticsUpdated', { callId, statistics }));
    call.on('dtmfReceived', ({ digit }) => this.#emit('dtmfReceived', { callId, digit }));
    call.on('deviceReplaced', ({ device, replaced, by, reason }) => this.#emit('audioDeviceReplaced', { callId, direction: device, from: replaced, to: by ?? null, reason }));
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
