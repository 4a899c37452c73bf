import { PASS_ACK, PASS_REQUEST, RESEND_RESPONSE, SEND_RESPONSE, SEND_TRYING } from './effect-constants.js';
import type { InviteServerMessageEffect } from './transaction-effect.js';
import { statusClassOf, type AckReceived, type RequestRetransmitted, type TimerFired, type TransportError, type TuResponded } from './transaction-input.js';
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
import { doubledUpToT2, TIMER_G, TIMER_H, TIMER_I, TIMER_L, type TransactionTimerConfig } from './transaction-timers.js';

/**
 * The INVITE server transaction: RFC 3261 §17.2.1 and Figure 7, with the Accepted state of
 * RFC 6026 (a 2xx no longer ends the transaction at once, so retransmissions of the INVITE are
 * absorbed instead of looking like a new request).
 */
export type InviteServerStateName = 'Proceeding' | 'Completed' | 'Confirmed' | 'Accepted' | 'Terminated';
export type InviteServerTimer = 'G' | 'H' | 'I' | 'L';
export type InviteServerState = TransactionState<InviteServerStateName, InviteServerTimer>;
export type InviteServerInput = RequestRetransmitted | AckReceived | TuResponded | TimerFired<InviteServerTimer> | TransportError;
export type InviteServerStep = Step<InviteServerStateName, InviteServerTimer, InviteServerMessageEffect>;
type Event = 'INVITE' | 'ACK' | '1xx from TU' | '2xx from TU' | '300-699 from TU' | TimerEvent<InviteServerTimer> | 'transport error';
type Builder = StepBuilder<InviteServerStateName, InviteServerTimer, InviteServerMessageEffect>;

export const INVITE_SERVER: MachineSpec<InviteServerStateName, InviteServerTimer> = {
  kind: 'INVITE server',
  initial: 'Proceeding',
  terminated: 'Terminated',
  moves: {
    Proceeding: ['Completed', 'Accepted'],
    Completed: ['Confirmed', 'Terminated'],
    Confirmed: ['Terminated'],
    Accepted: ['Terminated'],
    Terminated: [],
  },
  timerStates: { G: ['Completed'], H: ['Completed'], I: ['Confirmed'], L: ['Accepted'] },
};


/**
 * §17.2.1: enter Proceeding, pass the INVITE to the TU, and send 100 (Trying) "unless it knows
 * that the TU will generate a provisional or final response within 200 ms".
 */
export function startInviteServer(options: {
  readonly reliable: boolean;
  readonly sendTrying: boolean;
  readonly config?: TransactionTimerConfig;
}): InviteServerStep {
  const step = new StepBuilder<InviteServerStateName, InviteServerTimer, InviteServerMessageEffect>(INVITE_SERVER, initialState(INVITE_SERVER, options));
  if (options.sendTrying) step.add(SEND_TRYING);
  return step.add(PASS_REQUEST).build();
}

/** 300-699 from the TU: send it, retransmit on Timer G (unreliable only), wait for the ACK. */
function complete(step: Builder): Builder {
  const { config, reliable } = step.state;
  step.moveTo('Completed').add(SEND_RESPONSE);
  if (!reliable) step.startRetransmitTimer('G', TIMER_G(config));
  return step.startTimer('H', TIMER_H(config));
}

/**
 * RFC 6026 §7.1: "A server transaction MUST NOT discard transaction state based only on
 * encountering a non-recoverable transport error when sending a response"; it stays where it
 * is and its timers end it. The TU is still told.
 */
const reportTransportError = (step: Builder): Builder => step.informTu('transportError');

const RULES: RuleTable<InviteServerStateName, Event, InviteServerTimer, InviteServerMessageEffect> = {
  Proceeding: {
    // "the most recent provisional response MUST be passed to the transport layer" (§17.2.1)
    INVITE: (step) => (step.state.responseSent ? step.add(RESEND_RESPONSE) : step),
    // An ACK before any final response answers nothing: absorbed.
    ACK: IGNORED,
    '1xx from TU': (step) => step.add(SEND_RESPONSE),
    '2xx from TU': (step) => step.moveTo('Accepted').add(SEND_RESPONSE).startTimer('L', TIMER_L(step.state.config)),
    '300-699 from TU': complete,
    'transport error': reportTransportError,
  },
  Completed: {
    INVITE: (step) => step.add(RESEND_RESPONSE),
    // The ACK for a non-2xx response belongs to the transaction and is not passed up.
    ACK: (step) => step.moveTo('Confirmed').startTimer('I', TIMER_I(step.state.config, step.state.reliable)),
    // "reset with a value of MIN(2*T1, T2)", then MIN(4*T1, T2) and so on (§17.2.1)
    'Timer G fires': (step) => step.add(RESEND_RESPONSE).startRetransmitTimer('G', doubledUpToT2(step.state.interval, step.state.config)),
    // "the server transaction MUST ... indicate to the TU that a transaction failure has occurred"
    'Timer H fires': (step) => step.terminate('timeout'),
    'transport error': reportTransportError,
  },
  Confirmed: {
    // "absorb any additional ACK messages that arrive" (§17.2.1); nothing is sent here.
    INVITE: IGNORED,
    ACK: IGNORED,
    'Timer I fires': (step) => step.terminate('normal'),
    'transport error': IGNORED,
  },
  Accepted: {
    // RFC 6026: retransmissions of the INVITE are absorbed, ACKs go to the TU, and the TU's own
    // 2xx retransmissions (§13.3.1.4) pass through.
    INVITE: IGNORED,
    ACK: (step) => step.add(PASS_ACK),
    '2xx from TU': (step) => step.add(SEND_RESPONSE),
    'Timer L fires': (step) => step.terminate('normal'),
    'transport error': reportTransportError,
  },
  Terminated: { INVITE: IGNORED, ACK: IGNORED, 'transport error': IGNORED },
};

export function reduceInviteServer(state: InviteServerState, input: InviteServerInput): InviteServerStep {
  switch (input.type) {
    case 'requestRetransmitted':
      return react(INVITE_SERVER, RULES, state, 'INVITE');
    case 'ackReceived':
      return react(INVITE_SERVER, RULES, state, 'ACK');
    case 'tuResponded':
      return react(INVITE_SERVER, RULES, state, `${statusClassOf(input.status)} from TU`);
    case 'timerFired':
      return react(INVITE_SERVER, RULES, state, timerEvent(input.timer), input.timer);
    case 'transportError':
      return react(INVITE_SERVER, RULES, state, 'transport error');
  }
}
