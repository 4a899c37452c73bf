import type { LocalEndpoint, NegotiatedAudio } from '../sdp/offer-answer.js';
import type { SipHeaderInit } from '../sip/message/index.js';
import type { UserAgentCore } from '../sip/ua/index.js';
import type { CallAudioPlan } from './call-audio.js';
import type { CallMedia } from './call-media.js';
import type { NegotiatedSessionOptions } from './negotiated-media.js';

/**
 * What answering and placing a call need from the endpoint that owns them: the UA, and where
 * the call's media goes — a UDP port for plain SIP, a datagram channel on the peer connection
 * for a Parley device. The SDP code above it is the same for both.
 */
export interface CallContext {
  readonly ua: UserAgentCore;
  /** Our o=, c= and m= transport for a new description (the port is the media session's). */
  localEndpoint(): LocalEndpoint;
  /**
   * Makes the call's media session for `shape`. `offered` is the peer's offer when we answer:
   * on a peer connection both ends use the channel it names.
   */
  openMedia(name: string, plan: CallAudioPlan, shape: NegotiatedSessionOptions, offered?: NegotiatedAudio): Promise<CallMedia>;
  /** Header fields every INVITE of this context carries (a P2P caller's signed device list). */
  inviteHeaders?(): readonly SipHeaderInit[];
  log(line: string): void;
}
