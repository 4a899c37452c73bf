/**
 * The SIP user agent core (RFC 3261 §8, §12–§15; RFC 3428, 3515, 6665; digest per RFC 2617 and
 * 8760): the layer the call, presence and conference features talk to. Offers and answers pass
 * through it as opaque bodies; it never reads SDP.
 */
export { UserAgentCore, type UserAgentCoreOptions } from './user-agent-core.js';
export { SipUaError, isSipUaError, type SipUaErrorCode } from './sip-ua-error.js';
export { type SipContent, type SipContentInit, contentText } from './sip-content.js';
export { type RequestOutcome, isSuccess } from './request-outcome.js';
export { resolveIpUriDestination, nextHopUri, type ResolveDestination } from './resolve-destination.js';
export { IncomingInvite, type IncomingInviteState, type IncomingInviteCancelled, type AnswerOptions } from './incoming-invite.js';
export { OutgoingInvite, type OutgoingInviteState, type EarlyDialogEvent, type InviteFailure } from './outgoing-invite.js';
export {
  InviteSession,
  type InviteSessionState,
  type SessionEnded,
  type SessionEndReason,
  type SessionAcknowledged,
  type SessionModified,
} from './invite-session.js';
export { type ReferHandler } from './refer-usages.js';
export { type OfferHandler, type OfferDecision, type ReinviteResult } from './reinvite.js';
export { IncomingRefer, type IncomingReferState } from './incoming-refer.js';
export { OutgoingRefer, type OutgoingReferState, type ReferProgress } from './outgoing-refer.js';
export { type IncomingMessage, type MessageHandler, optionsResponseHeaders } from './common-requests.js';
export { type EventPackage } from './notifier.js';
export { IncomingSubscription, type IncomingSubscriptionState, type IncomingSubscriptionEnded } from './incoming-subscription.js';
export { Subscription, type SubscriptionStateName, type SubscriptionNotified, type SubscriptionTerminated } from './subscription.js';
export { Registration, type RegisterOptions, type RegistrationState } from './registration.js';
export { type InviteOptions, type RequestOptions, type SubscribeOptions, MESSAGE_UDP_LIMIT } from './uac-requests.js';
export {
  type DigestAlgorithm,
  type DigestChallenge,
  type DigestCredentials,
  type DigestInput,
  parseDigestChallenge,
  pickDigestChallenge,
  digestResponse,
  digestAuthorization,
} from './digest.js';
export { answerRetransmitSchedule } from './answer-retransmitter.js';
export { checkRequest, type Rejection, type UasPolicy } from './uas-request-checks.js';
export { refreshDelayMs } from './refresh-delay.js';
export { parseEventHeader, parseSubscriptionState, formatSubscriptionState, parseSipfragStatus, type EventHeader, type SubscriptionState } from './event-headers.js';
