import { PASS_RESPONSE, RESEND_ACK, RESEND_REQUEST, SEND_ACK, SEND_REQUEST } from './effect-constants.js';
import type { InviteClientMessageEffect } from './transaction-effect.js';
import { statusClassOf, type ClientTransactionInput, type StatusClass } from './transaction-input.js';
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
import { doubled, TIMER_A, TIMER_B, TIMER_D, TIMER_M, type TransactionTimerConfig } from './transaction-timers.js';

/**
 * The INVITE client transaction: RFC 3261 §17.1.1.2 and Figure 5, with the Accepted state of
 * RFC 6026 (a 2xx no longer ends the transaction at once, so its retransmissions and the 2xx
 * of other forks still match it and reach the TU).
 */
export type InviteClientStateName = 'Calling' | 'Proceeding' | 'Completed' | 'Accepted' | 'Terminated';
export type InviteClientTimer = 'A' | 'B' | 'D' | 'M';
export type InviteClientState = TransactionState<InviteClientStateName, InviteClientTimer>;
export type InviteClientInput = ClientTransactionInput<InviteClientTimer>;
export type InviteClientStep = Step<InviteClientStateName, InviteClientTimer, InviteClientMessageEffect>;
type Event = StatusClass | TimerEvent<InviteClientTimer> | 'transport error';
type Builder = StepBuilder<InviteClientStateName, InviteClientTimer, InviteClientMessageEffect>;

export const INVITE_CLIENT: MachineSpec<InviteClientStateName, InviteClientTimer> = {
  kind: 'INVITE client',
  initial: 'Calling',
  terminated: 'Terminated',
  moves: {
    Calling: ['Proceeding', 'Completed', 'Accepted', 'Terminated'],
    Proceeding: ['Completed', 'Accepted'],
    Completed: ['Terminated'],
    Accepted: ['Terminated'],
    Terminated: [],
  },
  // Timer B guards Calling only: "If the client transaction is still in the Calling state when
  // timer B fires" (§17.1.1.2). Once a 1xx arrived the call may ring for minutes; ending it is
  // the TU's decision (CANCEL), not a transaction timeout.
  timerStates: { A: ['Calling'], B: ['Calling'], D: ['Completed'], M: ['Accepted'] },
};


/** §17.1.1.2: send the INVITE, start Timer A on unreliable transports and Timer B on all. */
export function startInviteClient(options: { readonly reliable: boolean; readonly config?: TransactionTimerConfig }): InviteClientStep {
  const step = new StepBuilder<InviteClientStateName, InviteClientTimer, InviteClientMessageEffect>(INVITE_CLIENT, initialState(INVITE_CLIENT, options)).add(SEND_REQUEST);
  const { config, reliable } = step.state;
  if (!reliable) step.startRetransmitTimer('A', TIMER_A(config));
  return step.startTimer('B', TIMER_B(config)).build();
}

/** 300-699 in Calling or Proceeding: ACK it (§17.1.1.3), pass it up, wait out Timer D. */
function complete(step: Builder): Builder {
  const { config, reliable } = step.state;
  return step.moveTo('Completed').add(SEND_ACK).startTimer('D', TIMER_D(config, reliable)).add(PASS_RESPONSE);
}

/** RFC 6026: a 2xx moves to Accepted for Timer M; its ACK is the TU's (§13.2.2.4). */
function accept(step: Builder): Builder {
  return step.moveTo('Accepted').startTimer('M', TIMER_M(step.state.config)).add(PASS_RESPONSE);
}

const RULES: RuleTable<InviteClientStateName, Event, InviteClientTimer, InviteClientMessageEffect> = {
  Calling: {
    '1xx': (step) => step.moveTo('Proceeding').add(PASS_RESPONSE),
    '2xx': accept,
    '300-699': complete,
    // "MUST retransmit the request ... and MUST reset the timer with a value of 2*T1" (§17.1.1.2)
    'Timer A fires': (step) => step.add(RESEND_REQUEST).startRetransmitTimer('A', doubled(step.state.interval)),
    'Timer B fires': (step) => step.terminate('timeout'),
    'transport error': (step) => step.terminate('transportError'),
  },
  Proceeding: {
    '1xx': (step) => step.add(PASS_RESPONSE),
    '2xx': accept,
    '300-699': complete,
    // Nothing is sent in Proceeding: a failure reported now belongs to an older send.
    'transport error': IGNORED,
  },
  Completed: {
    '1xx': IGNORED,
    '2xx': IGNORED,
    // "Any retransmissions of the final response ... MUST cause the ACK to be re-passed to the
    // transport layer ... but the newly received response MUST NOT be passed up to the TU."
    '300-699': (step) => step.add(RESEND_ACK),
    'Timer D fires': (step) => step.terminate('normal'),
    'transport error': (step) => step.terminate('transportError'),
  },
  Accepted: {
    '1xx': IGNORED,
    // RFC 6026: 2xx responses matching the transaction in Accepted MUST be passed up to the TU.
    '2xx': (step) => step.add(PASS_RESPONSE),
    '300-699': IGNORED,
    'Timer M fires': (step) => step.terminate('normal'),
    'transport error': IGNORED,
  },
  Terminated: { '1xx': IGNORED, '2xx': IGNORED, '300-699': IGNORED, 'transport error': IGNORED },
};

export function reduceInviteClient(state: InviteClientState, input: InviteClientInput): InviteClientStep {
  switch (input.type) {
    case 'responseReceived':
      return react(INVITE_CLIENT, RULES, state, statusClassOf(input.status));
    case 'timerFired':
      return react(INVITE_CLIENT, RULES, state, timerEvent(input.timer), input.timer);
    case 'transportError':
      return react(INVITE_CLIENT, RULES, state, 'transport error');
  }
}
