import { PASS_RESPONSE, RESEND_REQUEST, SEND_REQUEST } from './effect-constants.js';
import type { NonInviteClientMessageEffect } from './transaction-effect.js';
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
import { doubledUpToT2, TIMER_E, TIMER_F, TIMER_K, type TransactionTimerConfig } from './transaction-timers.js';

/** The non-INVITE client transaction: RFC 3261 §17.1.2.2 and Figure 6. */
export type NonInviteClientStateName = 'Trying' | 'Proceeding' | 'Completed' | 'Terminated';
export type NonInviteClientTimer = 'E' | 'F' | 'K';
export type NonInviteClientState = TransactionState<NonInviteClientStateName, NonInviteClientTimer>;
export type NonInviteClientInput = ClientTransactionInput<NonInviteClientTimer>;
export type NonInviteClientStep = Step<NonInviteClientStateName, NonInviteClientTimer, NonInviteClientMessageEffect>;
type Event = StatusClass | TimerEvent<NonInviteClientTimer> | 'transport error';
type Builder = StepBuilder<NonInviteClientStateName, NonInviteClientTimer, NonInviteClientMessageEffect>;

export const NON_INVITE_CLIENT: MachineSpec<NonInviteClientStateName, NonInviteClientTimer> = {
  kind: 'non-INVITE client',
  initial: 'Trying',
  terminated: 'Terminated',
  moves: {
    Trying: ['Proceeding', 'Completed', 'Terminated'],
    Proceeding: ['Completed', 'Terminated'],
    Completed: ['Terminated'],
    Terminated: [],
  },
  // A provisional response slows Timer E down but stops neither E nor F (§17.1.2.2).
  timerStates: { E: ['Trying', 'Proceeding'], F: ['Trying', 'Proceeding'], K: ['Completed'] },
};


/** §17.1.2.2: send the request, start Timer E on unreliable transports and Timer F on all. */
export function startNonInviteClient(options: { readonly reliable: boolean; readonly config?: TransactionTimerConfig }): NonInviteClientStep {
  const step = new StepBuilder<NonInviteClientStateName, NonInviteClientTimer, NonInviteClientMessageEffect>(NON_INVITE_CLIENT, initialState(NON_INVITE_CLIENT, options)).add(SEND_REQUEST);
  const { config, reliable } = step.state;
  if (!reliable) step.startRetransmitTimer('E', TIMER_E(config));
  return step.startTimer('F', TIMER_F(config)).build();
}

/** 200-699 in Trying or Proceeding: pass it up and buffer retransmissions for Timer K. */
function complete(step: Builder): Builder {
  const { config, reliable } = step.state;
  return step.moveTo('Completed').startTimer('K', TIMER_K(config, reliable)).add(PASS_RESPONSE);
}

const RULES: RuleTable<NonInviteClientStateName, Event, NonInviteClientTimer, NonInviteClientMessageEffect> = {
  Trying: {
    '1xx': (step) => step.moveTo('Proceeding').add(PASS_RESPONSE),
    '2xx': complete,
    '300-699': complete,
    // "reset with a value of MIN(2*T1, T2)", then MIN(4*T1, T2) and so on (§17.1.2.2)
    'Timer E fires': (step) => step.add(RESEND_REQUEST).startRetransmitTimer('E', doubledUpToT2(step.state.interval, step.state.config)),
    'Timer F fires': (step) => step.terminate('timeout'),
    'transport error': (step) => step.terminate('transportError'),
  },
  Proceeding: {
    '1xx': (step) => step.add(PASS_RESPONSE),
    '2xx': complete,
    '300-699': complete,
    // "If Timer E fires while in the Proceeding state ... reset with a value of T2 seconds."
    'Timer E fires': (step) => step.add(RESEND_REQUEST).startRetransmitTimer('E', step.state.config.T2),
    'Timer F fires': (step) => step.terminate('timeout'),
    'transport error': (step) => step.terminate('transportError'),
  },
  Completed: {
    // "buffer any response retransmissions that can be received" (§17.1.2.2)
    '1xx': IGNORED,
    '2xx': IGNORED,
    '300-699': IGNORED,
    'Timer K fires': (step) => step.terminate('normal'),
    // Nothing is sent in Completed: a failure reported now belongs to an older send.
    'transport error': IGNORED,
  },
  Terminated: { '1xx': IGNORED, '2xx': IGNORED, '300-699': IGNORED, 'transport error': IGNORED },
};

export function reduceNonInviteClient(state: NonInviteClientState, input: NonInviteClientInput): NonInviteClientStep {
  switch (input.type) {
    case 'responseReceived':
      return react(NON_INVITE_CLIENT, RULES, state, statusClassOf(input.status));
    case 'timerFired':
      return react(NON_INVITE_CLIENT, RULES, state, timerEvent(input.timer), input.timer);
    case 'transportError':
      return react(NON_INVITE_CLIENT, RULES, state, 'transport error');
  }
}
