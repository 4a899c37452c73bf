import type { ApiResult, ConferenceView, ParleyApi } from '../../shared/api-contract.js';
import { apiErrorMessage } from '../view/api-error-message.js';
import { checkDialAddress } from '../view/check-dial-address.js';
import { checkConferenceUri } from '../view/conference-view.js';
import type { AppAction } from './app-state.js';
import { operationKey, type ConferenceOperation } from './conferences-state.js';

/** The outcome of starting or entering a conference: its URI, or the sentence why not. */
export type ConferenceOutcome = { ok: true; uri: string } | { ok: false; error: string };

/**
 * What the conference UI asks of the core. The forms (new, join, invite) and the merge button
 * show their own progress and get their failure back as a sentence; a card's controls (leave,
 * lock, mute, remove) show theirs through the state, so every control of a card sees them.
 * The promises resolve when that is done, which is what tests wait for.
 */
export type ConferenceCommands = {
  /** Fetches the conferences this node hosts or joined; a failure shows in the card. */
  load(): Promise<void>;
  create(subject: string): Promise<ConferenceOutcome>;
  join(uri: string): Promise<ConferenceOutcome>;
  /** Turns a 1:1 call into a conference this node hosts; a failure also shows as a notice (the button has no room for it). */
  merge(callId: string): Promise<ConferenceOutcome>;
  /** Resolves to null once the focus is calling `invitee`, or to the sentence why not. */
  invite(uri: string, invitee: string): Promise<string | null>;
  /** Leaves; for the host this ends the conference for everyone. */
  leave(uri: string): Promise<void>;
  setLocked(uri: string, locked: boolean): Promise<void>;
  setMemberMuted(uri: string, memberId: string, muted: boolean): Promise<void>;
  removeMember(uri: string, memberId: string): Promise<void>;
  /** Clears the card of a conference that ended. */
  dismissEnded(uri: string): void;
};

const FAILURE_PREFIX: Record<ConferenceOperation['kind'], string> = {
  leave: 'Could not leave the conference',
  lock: 'Could not change the lock',
  mute: 'Could not change the member’s mute',
  remove: 'Could not remove the member',
};

export function createConferenceCommands(api: ParleyApi, dispatch: (action: AppAction) => void): ConferenceCommands {
  // Double clicks and key repeat must not send the same request twice.
  const inFlight = new Set<string>();

  async function once<T>(key: string, busy: T, work: () => Promise<T>): Promise<T> {
    if (inFlight.has(key)) return busy;
    inFlight.add(key);
    try {
      return await work();
    } finally {
      inFlight.delete(key);
    }
  }

  /** A card's request: its progress and failure go through the state. */
  function run<T>(uri: string, operation: ConferenceOperation, request: () => Promise<ApiResult<T>>, onSuccess: (value: T) => void): Promise<void> {
    return once(`${operationKey(operation)}\u0000${uri}`, undefined, async () => {
      dispatch({ type: 'conferenceOperationStarted', uri, operation });
      const result = await request();
      if (result.ok) onSuccess(result.value);
      const error = result.ok ? null : `${FAILURE_PREFIX[operation.kind]}: ${apiErrorMessage(result.error)}`;
      dispatch({ type: 'conferenceOperationFinished', uri, operation, error });
    });
  }

  const returned = (conference: ConferenceView) => dispatch({ type: 'conferenceViewReturned', conference });

  /** Create, join and merge: the answer is the conference the user is now in. */
  async function start(request: Promise<ApiResult<ConferenceView>>, failure: string): Promise<ConferenceOutcome> {
    const result = await request;
    if (!result.ok) return { ok: false, error: `${failure}: ${apiErrorMessage(result.error)}` };
    dispatch({ type: 'conferenceStarted', conference: result.value });
    return { ok: true, uri: result.value.uri };
  }

  const busy: ConferenceOutcome = { ok: false, error: 'The request is already on its way.' };

  return {
    async load() {
      const result = await api.listConferences({});
      dispatch(result.ok ? { type: 'conferencesListed', conferences: result.value } : { type: 'conferencesFailed', error: { ...result.error, message: apiErrorMessage(result.error) } });
    },
    create: (subject) =>
      once('create', busy, () => {
        const trimmed = subject.trim();
        return start(api.createConference(trimmed === '' ? {} : { subject: trimmed }), 'Could not start the conference');
      }),
    async join(uri) {
      const check = checkConferenceUri(uri);
      if (check.state === 'empty') return { ok: false, error: 'Paste the conference address to join.' };
      if (check.state === 'invalid') return { ok: false, error: check.message };
      return once(`join\u0000${check.uri}`, busy, () => start(api.joinConference({ uri: check.uri }), 'Could not join'));
    },
    merge: (callId) =>
      once(`merge\u0000${callId}`, busy, async (): Promise<ConferenceOutcome> => {
        const result = await api.mergeIntoConference({ callId });
        if (result.ok) {
          dispatch({ type: 'conferenceStarted', conference: result.value });
          return { ok: true, uri: result.value.uri };
        }
        const error = { ...result.error, message: apiErrorMessage(result.error) };
        dispatch({ type: 'commandFailed', what: 'Could not make it a conference', error });
        return { ok: false, error: `Could not make it a conference: ${error.message}` };
      }),
    async invite(uri, invitee) {
      const check = checkDialAddress(invitee);
      if (check.state === 'empty') return 'Pick a buddy or enter the SIP address to invite.';
      if (check.state === 'invalid') return check.message;
      return once(`invite\u0000${uri}`, 'An invitation is already on its way.', async () => {
        const result = await api.inviteToConference({ uri, invitee: check.uri });
        if (!result.ok) return `Could not invite: ${apiErrorMessage(result.error)}`;
        returned(result.value);
        return null;
      });
    },
    leave: (uri) => run(uri, { kind: 'leave' }, () => api.leaveConference({ uri }), () => dispatch({ type: 'conferenceLeft', uri })),
    setLocked: (uri, locked) => run(uri, { kind: 'lock' }, () => api.setConferenceLocked({ uri, locked }), returned),
    setMemberMuted: (uri, memberId, muted) => run(uri, { kind: 'mute', memberId }, () => api.setMemberMuted({ uri, memberId, muted }), returned),
    removeMember: (uri, memberId) => run(uri, { kind: 'remove', memberId }, () => api.removeMember({ uri, memberId }), returned),
    dismissEnded(uri) {
      dispatch({ type: 'endedConferenceDismissed', uri });
    },
  };
}
