import type { CallStatisticsView, CallView } from '../../src/shared/api-contract.js';
import type { CallCommands } from '../../src/renderer/state/call-commands.js';
import type { CallEntry } from '../../src/renderer/state/calls-state.js';

export const BOB = 'sip:ybndrfg8ejkmcpqxot1uwisza345h769ybndrfg8ejkmcpqxot1u@parley.invalid';
export const CAROL = 'sip:carol@192.0.2.7:5060';

/** A call as the core reports it; an outgoing one to Bob being placed unless told otherwise. */
export function callView(overrides: Partial<CallView> = {}): CallView {
  return {
    callId: 'call-1',
    direction: 'outgoing',
    remoteUri: BOB,
    remoteDisplayName: null,
    state: 'setup',
    setupPhase: 'calling',
    localHold: false,
    remoteHold: false,
    muted: false,
    codec: null,
    startedAt: 1_000,
    establishedAt: null,
    input: null,
    output: null,
    ...overrides,
  };
}

export function establishedCall(overrides: Partial<CallView> = {}): CallView {
  return callView({ state: 'established', codec: 'opus/48000', establishedAt: 2_000, ...overrides });
}

export function statistics(overrides: Partial<CallStatisticsView> = {}): CallStatisticsView {
  return {
    packetsSent: 500,
    packetsReceived: 495,
    packetsLost: 5,
    lossFraction: 0.01,
    jitterMs: 3.25,
    roundTripTimeMs: 12,
    concealedFrames: 4,
    playoutDelayMs: 60,
    mos: 4.2,
    oneWayDelayMs: 66,
    ...overrides,
  };
}

export function callEntry(view: CallView, overrides: Partial<CallEntry> = {}): CallEntry {
  return { view, levels: null, statistics: null, receivedDigits: '', sentDigits: '', deviceReplacements: [], pending: [], error: null, transfer: null, ...overrides };
}

/** Commands for components rendered once: nothing is clicked in a static render. */
export const idleCommands: CallCommands = {
  placeCall: async () => {},
  answerCall: async () => {},
  hangUp: async () => {},
  holdCall: async () => {},
  resumeCall: async () => {},
  setCallMuted: async () => {},
  pressDtmf: async () => {},
  transferCall: async () => {},
  dismissTransfer: () => {},
  listAudioDevices: async () => ({ ok: true, value: { inputs: [], outputs: [], input: null, output: null } }),
  switchCallDevice: async (callId) => ({ ok: true, value: { callId, input: null, output: null } }),
};
