import { PASS_REQUEST, RESEND_RESPONSE, SEND_RESPONSE } from './effect-constants.js';
import type { NonInviteServerMessageEffect } from './transaction-effect.js';
import { statusClassOf, type RequestRetransmitted, type TimerFired, type TransportError, type TuResponded } from './transaction-input.js';
import {
  IGNORED,
  initialState,
  react,
  StepBuilder,
  timerEvent,
  type MachineSpec,
  type RuleTable,
  type Step,
  type TimerEvent,
  type TransactionState,
} from './transaction-state-machine.js';
import { TIMER_J, type TransactionTimerConfig } from './transaction-timers.js';

/** The non-INVITE server transaction: RFC 3261 §17.2.2 and Figure 8, with RFC 4320 §4. */
export type NonInviteServerStateName = 'Trying' | 'Proceeding' | 'Completed' | 'Terminated';
export type NonInviteServerTimer = 'J';
export type NonInviteServerState = TransactionState<NonInviteServerStateName, NonInviteServerTimer>;
export type NonInviteServerInput = RequestRetransmitted | TuResponded | TimerFired<NonInviteServerTimer> | TransportError;
export type NonInviteServerStep = Step<NonInviteServerStateName, NonInviteServerTimer, NonInviteServerMessageEffect>;
type Event =
  | 'request'
  | '100 from TU'
  | '101-199 from TU'
  | '408 from TU'
  | '200-699 from TU'
  | TimerEvent<NonInviteServerTimer>
  | 'transport error';
type Builder = StepBuilder<NonInviteServerStateName, NonInviteServerTimer, NonInviteServerMessageEffect>;

export const NON_INVITE_SERVER: MachineSpec<NonInviteServerStateName, NonInviteServerTimer> = {
  kind: 'non-INVITE server',
  initial: 'Trying',
  terminated: 'Terminated',
  moves: {
    Trying: ['Proceeding', 'Completed'],
    Proceeding: ['Completed', 'Terminated'],
    Completed: ['Terminated'],
    Terminated: [],
  },
  timerStates: { J: ['Completed'] },
};


/** §17.2.2: enter Trying and pass the request to the TU. */
export function startNonInviteServer(options: { readonly reliable: boolean; readonly config?: TransactionTimerConfig }): NonInviteServerStep {
  return new StepBuilder<NonInviteServerStateName, NonInviteServerTimer, NonInviteServerMessageEffect>(NON_INVITE_SERVER, initialState(NON_INVITE_SERVER, options)).add(PASS_REQUEST).build();
}

/** A final response from the TU: send it and answer retransmissions with it until Timer J. */
function complete(step: Builder): Builder {
  const { config, reliable } = step.state;
  return step.moveTo('Completed').add(SEND_RESPONSE).startTimer('J', TIMER_J(config, reliable));
}

const transportError = (step: Builder): Builder => step.terminate('transportError');

// RFC 4320 §4.1: "A SIP element MUST NOT send any provisional response with a Status-Code other
// than 100 to a non-INVITE request"; §4.2: "A transaction-stateful SIP element MUST NOT send a
// response with Status-Code of 408 to a non-INVITE request." A TU that tries is at fault, so
// '101-199 from TU' and '408 from TU' are missing from Trying and Proceeding.
const RULES: RuleTable<NonInviteServerStateName, Event, NonInviteServerTimer, NonInviteServerMessageEffect> = {
  Trying: {
    // "any retransmissions of the request received while in this state are discarded"
    request: IGNORED,
    '100 from TU': (step) => step.moveTo('Proceeding').add(SEND_RESPONSE),
    '200-699 from TU': complete,
    // Nothing has been sent yet.
    'transport error': IGNORED,
  },
  Proceeding: {
    request: (step) => step.add(RESEND_RESPONSE),
    '100 from TU': (step) => step.add(SEND_RESPONSE),
    '200-699 from TU': complete,
    'transport error': transportError,
  },
  Completed: {
    request: (step) => step.add(RESEND_RESPONSE),
    // "Any other final responses passed by the TU to the server transaction MUST be discarded
    // while in the Completed state" (§17.2.2).
    '100 from TU': IGNORED,
    '101-199 from TU': IGNORED,
    '408 from TU': IGNORED,
    '200-699 from TU': IGNORED,
    'Timer J fires': (step) => step.terminate('normal'),
    'transport error': transportError,
  },
  Terminated: { request: IGNORED, 'transport error': IGNORED },
};

function tuEvent(status: number): Event {
  const statusClass = statusClassOf(status);
  if (statusClass === '1xx') return status === 100 ? '100 from TU' : '101-199 from TU';
  return status === 408 ? '408 from TU' : '200-699 from TU';
}

export function reduceNonInviteServer(state: NonInviteServerState, input: NonInviteServerInput): NonInviteServerStep {
  switch (input.type) {
    case 'requestRetransmitted':
      return react(NON_INVITE_SERVER, RULES, state, 'request');
    case 'tuResponded':
      return react(NON_INVITE_SERVER, RULES, state, tuEvent(input.status));
    case 'timerFired':
      return react(NON_INVITE_SERVER, RULES, state, timerEvent(input.timer), input.timer);
    case 'transportError':
      return react(NON_INVITE_SERVER, RULES, state, 'transport error');
  }
}
