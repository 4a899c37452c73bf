import type { CallView, EventName, EventPayload, Notice } from '../../shared/api-contract.js';
import type { CommandHandlers } from '../api/api-service.js';
import { CallError, isCallError } from '../call/call-error.js';
import type { CallEndpoint, CallEndpointEvents } from '../call/call-endpoint.js';
import type { P2pEndpoint } from '../call/p2p-endpoint.js';
import type { PlainSipEndpoint } from '../call/plain-sip-endpoint.js';
import type { SipCall } from '../call/sip-call.js';
import { transferFailureSentence, type ReferTarget, type TransferOutcome } from '../call/transfer-decisions.js';
import type { Clock } from '../clock.js';
import { isConferenceUri } from '../conference/conference-address.js';
import type { EndedCall } from './node-history.js';

type CallCommands = Pick<CommandHandlers, 'listCalls' | 'placeCall' | 'answerCall' | 'hangUp' | 'holdCall' | 'resumeCall' | 'transferCall' | 'sendDtmf' | 'getCallStatistics' | 'switchCallDevice'>;

export interface NodeCallsOptions {
  /** Raises a notice for the UI: a transfer the other party accepted that then failed (the command had already returned). */
  readonly notice?: ((notice: Omit<Notice, 'id'>) => void) | undefined;
  /** Times the wait for a transfer's outcome (fake time in tests). */
  readonly clock?: Clock | undefined;
  readonly transferTimeoutMs?: number | undefined;
  /** Calls to a conference URI (node-conferences.ts: look up its record, call its focus). */
  readonly conferenceCall?: ((uri: string) => SipCall) | undefined;
  readonly log?: ((line: string) => void) | undefined;
}

/** The pseudo-domain of Parley addresses (DESIGN.md): calls to them go peer to peer, not to an IP. */
const PARLEY_DOMAIN = /@[^;>]*\.invalid(?:[;:>]|$)/i;

/**
 * The node's calls as the typed API shows them: commands that find a call by its Call-ID and
 * act on it, and every change of a call as one `callUpdated` view (so a UI redraws from one
 * shape). The node's microphone mute applies to every call, the ones to come included.
 *
 * Several calls at once, one active: placing or answering a call, or resuming a held one, first
 * puts the call that is active on hold (RFC 3264 §8.4 re-INVITE); a call that ends leaves the
 * others as they are. Blind transfer both ways: `transferCall` REFERs the other party elsewhere,
 * and a REFER from the other party places the call it asks for through the right endpoint.
 */
export class NodeCalls {
  readonly #sip: PlainSipEndpoint | undefined;
  readonly #p2p: P2pEndpoint | undefined;
  readonly #emit: <E extends EventName>(name: E, payload: EventPayload<E>) => void;
  readonly #muted: () => boolean;
  /** Calls being tracked, to know their times when they end. */
  readonly #tracked = new Map<string, SipCall>();
  readonly #ended: ((call: EndedCall) => void) | undefined;
  readonly #options: NodeCallsOptions;
  readonly #log: (line: string) => void;

  constructor(
    endpoints: { sip?: PlainSipEndpoint; p2p?: P2pEndpoint },
    muted: () => boolean,
    emit: <E extends EventName>(name: E, payload: EventPayload<E>) => void,
    ended?: (call: EndedCall) => void,
    options: NodeCallsOptions = {},
  ) {
    this.#sip = endpoints.sip;
    this.#p2p = endpoints.p2p;
    this.#muted = muted;
    this.#emit = emit;
    this.#ended = ended;
    this.#options = options;
    this.#log = options.log ?? (() => undefined);
    for (const endpoint of this.#endpoints) {
      endpoint.on('callAdded', ({ call }) => this.#watch(call));
      // The devices a call uses are part of its view: a switch or a fallback redraws it.
      endpoint.on('callAdded', ({ call }) =>
        call.on('devicesChanged', () => {
          if (call.state !== 'ended') this.#emit('callUpdated', viewOf(call));
        }),
      );
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
        const call = endpoint.findCall(callId);
        // Only a call that rings is answered: anything else is refused below without touching the others.
        if (call.summary.direction === 'incoming' && call.state === 'setup') await this.#holdActive(call);
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
        // A swap: the active call goes on hold before this one comes back.
        if (call.state === 'established' && call.hold.localHold) await this.#holdActive(call);
        await call.resume();
        return viewOf(call);
      },
      transferCall: async ({ callId, uri }) => {
        await this.#transfer(this.#find(callId), uri);
        return { callId };
      },
      sendDtmf: async ({ callId, digits }) => {
        const upper = digits.toUpperCase();
        await this.#find(callId).sendDtmf(upper);
        return { digits: upper };
      },
      getCallStatistics: ({ callId }) => this.#find(callId).statistics(),
      // For this call only: the devices remembered for the next calls are the settings' (NodeAudio).
      switchCallDevice: async ({ callId, direction, name }) => ({ callId, ...(await this.#find(callId).switchDevice(direction, name)) }),
    };
  }

  /** A new outgoing call as `placeCall` makes it (the active call goes on hold first); a conference URI joins that conference. */
  place(uri: string): Promise<SipCall> {
    return this.#place(uri);
  }

  /** A call in progress by its Call-ID; `CALL_NOT_FOUND` when there is none. */
  find(callId: string): SipCall {
    return this.#find(callId);
  }

  /** A new outgoing call, after the active call (other than `keep`) is put on hold. */
  async #place(uri: string, keep?: SipCall): Promise<SipCall> {
    const endpoint = this.#endpointFor(uri);
    await this.#holdActive(keep);
    return endpoint.call(uri);
  }

  /** P2P for Parley addresses, plain SIP otherwise; `CALL_UNAVAILABLE` when this node has no such endpoint. */
  #endpointFor(uri: string): { call(uri: string): SipCall | Promise<SipCall> } {
    const conferenceCall = this.#options.conferenceCall;
    if (conferenceCall && isConferenceUri(uri)) return { call: conferenceCall };
    if (PARLEY_DOMAIN.test(uri)) {
      if (!this.#p2p) throw new CallError('CALL_UNAVAILABLE', 'this node makes no P2P calls');
      return this.#p2p;
    }
    if (!this.#sip) throw new CallError('CALL_UNAVAILABLE', 'this node does not speak plain SIP: start it with --sip HOST:PORT to call SIP phones');
    return this.#sip;
  }

  /** Established calls we have not put on hold, other than `except`: at most one between commands. */
  #activeCalls(except?: SipCall): SipCall[] {
    return this.#allCalls.filter((call) => call !== except && call.state === 'established' && !call.hold.localHold);
  }

  /** One active call at a time: whichever is active (other than `except`) goes on hold first. */
  async #holdActive(except?: SipCall): Promise<void> {
    for (const call of this.#activeCalls(except)) {
      try {
        await call.putOnHold();
      } catch (error) {
        if (call.state === 'ended') continue; // nothing left to hold
        const code = isCallError(error) ? error.code : 'CALL_MODIFY_FAILED';
        throw new CallError(code, `the call with ${remoteOf(call)} could not be put on hold first (${(error as Error).message}); hang it up or try again`, { cause: error });
      }
    }
  }

  /**
   * Blind transfer, the transferor's side: the call is held first, as RFC 5589 §6 shows, so the
   * other party hears neither side of the transfer, then REFERred to `uri`. Resolves when
   * the other party accepted; if the transfer then fails the call comes back (`notice` says
   * why), and if it succeeds the call ends as `transferred to …`.
   */
  async #transfer(call: SipCall, uri: string): Promise<void> {
    if (call.state !== 'established') throw new CallError('CALL_NOT_ESTABLISHED', 'only an established call can be transferred');
    const heldHere = !call.hold.localHold && (await this.#holdForTransfer(call));
    let outcome: Promise<TransferOutcome>;
    try {
      ({ outcome } = await call.transfer(uri, { clock: this.#options.clock, timeoutMs: this.#options.transferTimeoutMs }));
    } catch (error) {
      if (heldHere) await this.#resumeAfterTransfer(call);
      throw error;
    }
    outcome
      .then(async (result) => {
        if (result.ok || result.failure.kind === 'callEnded') return;
        if (heldHere) await this.#resumeAfterTransfer(call);
        this.#options.notice?.({ level: 'warning', code: 'CALL_TRANSFER_FAILED', message: transferFailureSentence(uri, result.failure) });
      })
      .catch((error: Error) => this.#log(`parley: after the transfer of ${call.callId}: ${error.message}`));
  }

  /** Holding is a courtesy here (RFC 5589 §6 shows it, RFC 3515 does not need it): a peer that refuses it is transferred unheld. */
  async #holdForTransfer(call: SipCall): Promise<boolean> {
    try {
      await call.putOnHold();
      return true;
    } catch (error) {
      if (call.state !== 'established') throw error;
      this.#log(`parley: holding ${call.callId} before its transfer failed (${(error as Error).message}); transferring it unheld`);
      return false;
    }
  }

  /** A failed transfer brings the call back, unless another call became the active one meanwhile (the user then resumes it). */
  async #resumeAfterTransfer(call: SipCall): Promise<void> {
    if (call.state !== 'established' || this.#activeCalls(call).length > 0) return;
    await call.resume().catch((error: Error) => this.#log(`parley: resuming ${call.callId} after its failed transfer failed: ${error.message}`));
  }

  /** The transferee's side: the call the other party's REFER asks for, named as the transferor named it. */
  async #placeTransferred(original: SipCall, target: ReferTarget): Promise<SipCall> {
    const call = await this.#place(target.uri, original);
    if (target.displayName !== null && call.remoteDisplayName === null) {
      call.nameRemote(target.displayName);
      if (call.state !== 'ended') this.#emit('callUpdated', viewOf(call));
    }
    return call;
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
    call.acceptTransfers((target) => this.#placeTransferred(call, target), this.#log);
    call.on('progress', updated);
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

function remoteOf(call: SipCall): string {
  const { summary } = call;
  return (call.remoteDisplayName ?? (summary.direction === 'incoming' ? summary.from : summary.to)).slice(0, 200);
}

export function viewOf(call: SipCall): CallView {
  const { summary } = call;
  return {
    callId: call.callId,
    direction: summary.direction,
    remoteUri: summary.direction === 'incoming' ? summary.from : summary.to,
    remoteDisplayName: call.remoteDisplayName,
    state: call.state,
    setupPhase: summary.direction === 'incoming' ? 'ringing' : call.setupPhase,
    ...call.hold,
    muted: call.muted,
    codec: call.codec,
    startedAt: call.startedAt,
    establishedAt: call.establishedAt ?? null,
    ...call.devices,
  };
}
