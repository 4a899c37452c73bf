import { type SipMessage } from '../message/index.js';
import { type Inbound } from './sip-transport.js';

/** Where a concrete transport hands each message it parsed; the transport layer takes it from there. */
export type InboundSink = (inbound: Inbound<SipMessage>) => void;
