import type { ApiResult, AudioDevices, CommandResult, ParleyApi } from '../../shared/api-contract.js';
import { apiErrorMessage } from '../view/api-error-message.js';
import { checkDialAddress } from '../view/check-dial-address.js';
import type { AppAction } from './app-state.js';
import type { CallOperation } from './calls-state.js';
import { DtmfQueue } from './dtmf-queue.js';

/**
 * What the call controls ask of the core. Each shows its progress through the state (the
 * button it came from is disabled until the core answers) and its failure as a sentence beside
 * it; the promises resolve when that is done, which is what tests wait for.
 */
export type CallCommands = {
  placeCall(uri: string): Promise<void>;
  answerCall(callId: string): Promise<void>;
  /** Hangs up, cancels an outgoing call that still rings, or declines an incoming one. */
  hangUp(callId: string): Promise<void>;
  holdCall(callId: string): Promise<void>;
  resumeCall(callId: string): Promise<void>;
  /** The node's mute (every call follows), asked from one call's panel. */
  setCallMuted(callId: string, muted: boolean): Promise<void>;
  /** Sends keypad digits in order, queued behind a send still on its way. */
  pressDtmf(callId: string, digits: string): Promise<void>;
  /** Blind transfer: asks the other party to call `uri`; progress and refusal show in the call's `transfer`. */
  transferCall(callId: string, uri: string): Promise<void>;
  /** Clears the outcome of the last transfer (the form was closed). */
  dismissTransfer(callId: string): void;
  /** The machine's microphones and speakers, for a call's device switch (asked when it opens). */
  listAudioDevices(): Promise<ApiResult<AudioDevices>>;
  /**
   * Moves one call's microphone or speaker (null: the system default), for that call only. The
   * switch shows its own progress and refusal; the call's `callUpdated` names the device in use.
   */
  switchCallDevice(callId: string, direction: 'input' | 'output', name: string | null): Promise<ApiResult<CommandResult<'switchCallDevice'>>>;
};

const FAILURE_PREFIX: Record<CallOperation, string> = {
  answer: 'Could not answer',
  hangUp: 'Could not hang up',
  hold: 'Could not hold',
  resume: 'Could not resume',
  mute: 'Could not change the mute',
  dtmf: 'Could not send the digits',
};

export function createCallCommands(api: ParleyApi, dispatch: (action: AppAction) => void): CallCommands {
  // Double clicks and key repeat must not send the same request twice: one of each per call.
  const inFlight = new Set<string>();
  const dtmfQueues = new Map<string, DtmfQueue>();
  let placing = false;

  async function run<T>(
    callId: string,
    operation: CallOperation,
    request: () => Promise<ApiResult<T>>,
    onSuccess: (value: T) => void = () => {},
  ): Promise<void> {
    const key = `${operation}\u0000${callId}`;
    if (inFlight.has(key)) return;
    inFlight.add(key);
    dispatch({ type: 'callOperationStarted', callId, operation });
    try {
      const result = await request();
      if (result.ok) onSuccess(result.value);
      const error = result.ok ? null : `${FAILURE_PREFIX[operation]}: ${apiErrorMessage(result.error)}`;
      dispatch({ type: 'callOperationFinished', callId, operation, error });
    } finally {
      inFlight.delete(key);
    }
  }

  function sendDtmf(callId: string, digits: string): Promise<void> {
    return run(
      callId,
      'dtmf',
      () => api.sendDtmf({ callId, digits }),
      (sent) => dispatch({ type: 'dtmfSent', callId, digits: sent.digits }),
    );
  }

  return {
    async placeCall(uri) {
      if (placing) return;
      const check = checkDialAddress(uri);
      if (check.state !== 'valid') {
        dispatch({ type: 'callPlaceFinished', error: check.state === 'empty' ? 'Enter a SIP address to call.' : check.message });
        return;
      }
      placing = true;
      dispatch({ type: 'callPlacing' });
      try {
        const result = await api.placeCall({ uri: check.uri });
        if (result.ok) dispatch({ type: 'callUpdated', call: result.value });
        dispatch({ type: 'callPlaceFinished', error: result.ok ? null : `Could not call: ${apiErrorMessage(result.error)}` });
      } finally {
        placing = false;
      }
    },
    answerCall: (callId) => run(callId, 'answer', () => api.answerCall({ callId }), (call) => dispatch({ type: 'callUpdated', call })),
    hangUp: (callId) => run(callId, 'hangUp', () => api.hangUp({ callId })),
    holdCall: (callId) => run(callId, 'hold', () => api.holdCall({ callId }), (call) => dispatch({ type: 'callUpdated', call })),
    resumeCall: (callId) => run(callId, 'resume', () => api.resumeCall({ callId }), (call) => dispatch({ type: 'callUpdated', call })),
    setCallMuted: (callId, muted) =>
      run(callId, 'mute', () => api.setMuted({ muted }), (state) => dispatch({ type: 'muteChanged', muted: state.muted })),
    async transferCall(callId, uri) {
      const key = `transfer\u0000${callId}`;
      if (inFlight.has(key)) return;
      const check = checkDialAddress(uri);
      dispatch({ type: 'transferStarted', callId, target: check.state === 'valid' ? check.uri : uri.trim() });
      if (check.state !== 'valid') {
        dispatch({ type: 'transferFinished', callId, error: check.state === 'empty' ? 'Enter the SIP address to transfer to.' : check.message });
        return;
      }
      inFlight.add(key);
      try {
        const result = await api.transferCall({ callId, uri: check.uri });
        dispatch({ type: 'transferFinished', callId, error: result.ok ? null : `Could not transfer: ${apiErrorMessage(result.error)}` });
      } finally {
        inFlight.delete(key);
      }
    },
    dismissTransfer(callId) {
      dispatch({ type: 'transferDismissed', callId });
    },
    listAudioDevices: () => api.listAudioDevices({}),
    switchCallDevice: (callId, direction, name) => api.switchCallDevice({ callId, direction, name }),
    async pressDtmf(callId, digits) {
      let queue = dtmfQueues.get(callId);
      if (!queue) {
        queue = new DtmfQueue((next) => sendDtmf(callId, next));
        dtmfQueues.set(callId, queue);
      }
      await queue.press(digits);
      if (!queue.busy) dtmfQueues.delete(callId);
    },
  };
}
