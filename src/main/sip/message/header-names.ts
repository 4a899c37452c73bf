/**
 * Header names are case-insensitive and many have a compact form (RFC 3261 §7.3.3, §20).
 * The model stores every known header under its long form in the RFC's spelling, so code
 * above this layer never has to know that `v`, `VIA` and `Via` are the same header.
 */
const KNOWN = [
  // RFC 3261 §20
  'Accept', 'Accept-Encoding', 'Accept-Language', 'Alert-Info', 'Allow', 'Authentication-Info',
  'Authorization', 'Call-ID', 'Call-Info', 'Contact', 'Content-Disposition', 'Content-Encoding',
  'Content-Language', 'Content-Length', 'Content-Type', 'CSeq', 'Date', 'Error-Info', 'Expires',
  'From', 'In-Reply-To', 'Max-Forwards', 'MIME-Version', 'Min-Expires', 'Organization', 'Priority',
  'Proxy-Authenticate', 'Proxy-Authorization', 'Proxy-Require', 'Record-Route', 'Reply-To',
  'Require', 'Retry-After', 'Route', 'Server', 'Subject', 'Supported', 'Timestamp', 'To',
  'Unsupported', 'User-Agent', 'Via', 'Warning', 'WWW-Authenticate',
  // Extensions Parley speaks or meets
  'Event', 'Allow-Events', 'Subscription-State', // RFC 6665
  'Refer-To', 'Referred-By', 'Replaces', // RFC 3515, 3892, 3891
  'Session-Expires', 'Min-SE', // RFC 4028
  'RSeq', 'RAck', // RFC 3262
  'Identity', 'Identity-Info', // RFC 8224, 4474
  'Path', 'Service-Route', 'P-Asserted-Identity', 'Privacy', 'Reason', // RFC 3327, 3608, 3325, 3323, 3326
  'Accept-Contact', 'Reject-Contact', 'Request-Disposition', // RFC 3841
  'Flow-Timer', 'SIP-ETag', 'SIP-If-Match', // RFC 5626, 3903
];

/** Compact forms: RFC 3261 §7.3.3 and the extensions that registered one (IANA SIP parameters). */
export const COMPACT_FORMS: Readonly<Record<string, string>> = {
  i: 'Call-ID',
  m: 'Contact',
  e: 'Content-Encoding',
  l: 'Content-Length',
  c: 'Content-Type',
  f: 'From',
  s: 'Subject',
  k: 'Supported',
  t: 'To',
  v: 'Via',
  o: 'Event',
  u: 'Allow-Events',
  r: 'Refer-To',
  b: 'Referred-By',
  x: 'Session-Expires',
  y: 'Identity',
  a: 'Accept-Contact',
  j: 'Reject-Contact',
  d: 'Request-Disposition',
  n: 'Identity-Info',
};

const CANONICAL = new Map<string, string>([
  ...KNOWN.map((name): [string, string] => [name.toLowerCase(), name]),
  ...Object.entries(COMPACT_FORMS),
]);
// Most names arrive spelled as in the RFC: find those without lower-casing first.
const EXACT = new Map<string, string>([...KNOWN.map((name): [string, string] => [name, name]), ...Object.entries(COMPACT_FORMS)]);

/** The long form in the RFC's spelling for a known header; unknown names are kept as received. */
export function canonicalHeaderName(name: string): string {
  return EXACT.get(name) ?? CANONICAL.get(name.toLowerCase()) ?? name;
}

/** The key two header names are compared by. */
export function headerKey(name: string): string {
  return canonicalHeaderName(name).toLowerCase();
}
