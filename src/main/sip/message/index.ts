/**
 * The SIP message layer (RFC 3261 §7, §19, §20, §25): the public API the transport,
 * transaction and dialog layers use. Everything here is pure and synchronous.
 */
export { SIP_MESSAGE_LIMITS, type SipMessageLimits } from './sip-limits.js';
export { type SipParseError, type SipParseErrorCode, type SipRejectReply, type SipResult } from './sip-parse-error.js';
export { SipBuildError, type SipBuildErrorCode } from './sip-build-error.js';
export { SIP_VERSION, isRequest, isResponse, type SipMessage, type SipRequest, type SipResponse } from './sip-message.js';
export { SipHeaders, type SipHeaderField, type SipHeaderInit } from './sip-headers.js';
export { canonicalHeaderName, COMPACT_FORMS } from './header-names.js';
export { parseSipMessage, isKeepAlive, type SipFraming, type SipParseResult } from './parse-sip-message.js';
export { type SipCoreHeaders } from './message-validation.js';
export { SipStreamFramer, type SipFramerEvent } from './stream-framer.js';
export { serializeSipMessage } from './serialize-sip-message.js';
export { createRequest, createResponse, createRejectResponse, addToTag, type RequestInit, type ResponseOptions, type SipBody } from './message-builders.js';
export { createCancel, createAckForNon2xx } from './cancel-and-ack.js';
export { reasonPhrase } from './status-codes.js';
export {
  getVias, getTopVia, getFrom, getTo, getCallId, getCSeq, getMaxForwards, getContentLength, getContentType,
  getExpires, getContacts, getContactAddresses, getRoutes, getRecordRoutes, getAllow, getSupported, getRequire,
  getProxyRequire, getRequestUri,
} from './header-accessors.js';
export { parseUri, formatUri, uriParam, sipUri, type Uri, type SipUri, type TelUri, type AbsoluteUri, type UriParam, type UriHeader } from './sip-uri.js';
export { parseNameAddr, formatNameAddr, tagOf, type NameAddr } from './name-addr.js';
export { parseVia, formatVia, createVia, viaParam, RFC3261_BRANCH_PREFIX, type Via } from './via.js';
export { parseCSeq, formatCSeq, MAX_CSEQ, type CSeq } from './cseq.js';
export { parseContactList, type Contact, type ContactList } from './contact.js';
export { parseMediaType, formatMediaType, mediaTypeParam, type MediaType } from './media-type.js';
export { findParam, formatParams, param, type GenericParam } from './generic-params.js';
export { splitHeaderList } from './split-header-list.js';
export { quoteString } from './quoted-string.js';
export { type HostKind } from './uri-host.js';
