/**
 * The Presence Information Data Format (RFC 3863) as Parley writes and reads it, with the
 * person's activities from RPID (RFC 4480) in the data model of RFC 4479. What Parley writes:
 *
 *   <presence xmlns="urn:ietf:params:xml:ns:pidf" entity="sip:…@parley.invalid" …>
 *     <tuple id="parley"><status><basic>open</basic></status></tuple>
 *     <dm:person id="user"><rpid:activities><rpid:busy/></rpid:activities></dm:person>
 *   </presence>
 *
 * Reading is tolerant of what other phones send (any prefixes, several tuples, activities in
 * a person or a tuple, unknown elements) and strict about size and form: a body is read only
 * up to MAX_PIDF_BYTES, without a DTD, and anything wrong is a value with a stable code.
 */
import type { PresenceState } from './presence-state.js';
import { escapeXml, readXmlBody, type XmlBodyErrorCode } from '../xml/xml-body.js';
import { childrenNamed, type XmlElement, type XmlLimits } from '../xml/xml-subset.js';

export const PIDF_CONTENT_TYPE = 'application/pidf+xml';
export const PIDF_NAMESPACE = 'urn:ietf:params:xml:ns:pidf';
export const DATA_MODEL_NAMESPACE = 'urn:ietf:params:xml:ns:pidf:data-model';
export const RPID_NAMESPACE = 'urn:ietf:params:xml:ns:pidf:rpid';

/**
 * Parley's documents are ~450 bytes; desk phones and softphones send well under 4 KiB even
 * with several tuples. 16 KiB bounds what a watcher reads from any one NOTIFY.
 */
export const MAX_PIDF_BYTES = 16_384;
const LIMITS: XmlLimits = { maxChars: MAX_PIDF_BYTES, maxDepth: 16, maxElements: 256, maxAttributes: 16 };
const MAX_NOTE_CHARS = 256;

/**
 * RFC 4480 §3.2 activities and what they mean for reaching the person: these say "do not
 * disturb" (busy wins when a document names both kinds)…
 */
const BUSY_ACTIVITIES = new Set(['busy', 'on-the-phone', 'meeting', 'presentation', 'performance']);
/** …and these "not at the device now". Others (working, unknown, other…) change nothing. */
const AWAY_ACTIVITIES = new Set(['away', 'vacation', 'holiday', 'sleeping', 'meal', 'breakfast', 'dinner', 'travel', 'in-transit', 'permanent-absence', 'shopping']);

export interface PresenceDocument {
  /** The presentity (RFC 3863 §4.1.1): the address-of-record the document is about. */
  readonly entity: string;
  readonly state: PresenceState;
  /** A free-text note (RFC 3863 §4.1.6), at most 256 characters. */
  readonly note?: string;
}

export type PidfErrorCode = 'PIDF_TOO_LARGE' | 'PIDF_NOT_UTF8' | 'PIDF_MALFORMED' | 'PIDF_DTD_FORBIDDEN' | 'PIDF_TOO_COMPLEX' | 'PIDF_NOT_PRESENCE';

export type PidfParse = { readonly ok: true; readonly document: PresenceDocument } | { readonly ok: false; readonly error: { readonly code: PidfErrorCode; readonly reason: string } };

/** The XML reader's codes as a PIDF watcher reports them: depth and counts are all "too complex". */
const READ_ERRORS = {
  XML_TOO_LARGE: 'PIDF_TOO_LARGE',
  XML_NOT_UTF8: 'PIDF_NOT_UTF8',
  XML_MALFORMED: 'PIDF_MALFORMED',
  XML_DTD_FORBIDDEN: 'PIDF_DTD_FORBIDDEN',
  XML_TOO_DEEP: 'PIDF_TOO_COMPLEX',
  XML_TOO_MANY_ELEMENTS: 'PIDF_TOO_COMPLEX',
} as const satisfies Record<XmlBodyErrorCode, PidfErrorCode>;

/** The document for `presence`, as Parley sends it in a NOTIFY body. */
export function formatPidf(presence: PresenceDocument): string {
  const basic = presence.state === 'offline' ? 'closed' : 'open';
  const activity = presence.state === 'away' || presence.state === 'busy' ? presence.state : undefined;
  const note = presence.note === undefined ? '' : `<note>${escapeXml(presence.note.slice(0, MAX_NOTE_CHARS))}</note>`;
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<presence xmlns="${PIDF_NAMESPACE}" xmlns:dm="${DATA_MODEL_NAMESPACE}" xmlns:rpid="${RPID_NAMESPACE}" entity="${escapeXml(presence.entity)}">` +
    `<tuple id="parley"><status><basic>${basic}</basic></status></tuple>` +
    (activity ? `<dm:person id="user"><rpid:activities><rpid:${activity}/></rpid:activities></dm:person>` : '') +
    note +
    '</presence>'
  );
}

/** Reads a PIDF body (bytes as received, or text). Never throws. */
export function parsePidf(body: Uint8Array | string): PidfParse {
  const read = readXmlBody(body, LIMITS);
  if (!read.ok) return failure(READ_ERRORS[read.error.code], read.error.reason);
  const root = read.root;
  if (root.namespace !== PIDF_NAMESPACE || root.localName !== 'presence') {
    return failure('PIDF_NOT_PRESENCE', `the root element is {${root.namespace.slice(0, 80)}}${root.localName}, not a PIDF presence`);
  }
  const note = childrenNamed(root, PIDF_NAMESPACE, 'note')[0]?.text.trim();
  return {
    ok: true,
    document: { entity: root.attributes.get('entity') ?? '', state: stateOf(root), ...(note ? { note: note.slice(0, MAX_NOTE_CHARS) } : {}) },
  };
}

function failure(code: PidfErrorCode, reason: string): PidfParse {
  return { ok: false, error: { code, reason } };
}

/**
 * Open when any tuple's basic status is open (RFC 3863 §4.1.4); then busy or away when an
 * RPID activity (anywhere in the document: a person, or a tuple as older phones put it) says so.
 */
function stateOf(root: XmlElement): PresenceState {
  const open = childrenNamed(root, PIDF_NAMESPACE, 'tuple').some((tuple) =>
    childrenNamed(tuple, PIDF_NAMESPACE, 'status').some((status) => childrenNamed(status, PIDF_NAMESPACE, 'basic').some((basic) => basic.text.trim() === 'open')),
  );
  if (!open) return 'offline';
  const activities = new Set<string>();
  const pending: XmlElement[] = [root];
  // Iterative: the reader already bounded depth and size, and this walk stays flat too.
  for (let element = pending.pop(); element; element = pending.pop()) {
    if (element.namespace === RPID_NAMESPACE && element.localName === 'activities') {
      for (const activity of element.children) if (activity.namespace === RPID_NAMESPACE) activities.add(activity.localName);
    } else if (element.namespace === RPID_NAMESPACE && element.localName === 'user-input' && element.text.trim() === 'idle') {
      // RFC 4480 §3.16: nobody has touched the device for a while.
      activities.add('away');
    }
    pending.push(...element.children);
  }
  if ([...activities].some((activity) => BUSY_ACTIVITIES.has(activity))) return 'busy';
  if ([...activities].some((activity) => AWAY_ACTIVITIES.has(activity))) return 'away';
  return 'online';
}
