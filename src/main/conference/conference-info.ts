/**
 * The conference event package's document (RFC 4575 `application/conference-info+xml`) as
 * Parley writes and reads it: the conference's subject, lock and user count, and per user
 * (an address-of-record) its endpoints — the calls into the focus — with join time, mute (the
 * audio `media` status: `sendonly` from the focus's side when the host mutes someone) and who
 * is speaking (`p:speaking`, a Parley extension element, as the schema's `##other` allows).
 * Each endpoint carries the focus's id for it (`p:id`), which the host's mute and remove take.
 *
 * The focus sends a subscriber the full state first, then partial documents (§4.6) naming only
 * the users that changed: a speaking indicator that moves costs one user's XML per member, not
 * the whole roster's. Reading uses the XML subset that PIDF uses too (no DTD, bounded size,
 * depth and counts) and returns every failure as a value with a stable code; `mergeConferenceInfo`
 * applies full and partial documents in version order.
 */
import { escapeXml, readXmlBody, type XmlBodyErrorCode } from '../xml/xml-body.js';
import { childrenNamed, type XmlElement, type XmlLimits } from '../xml/xml-subset.js';

export const CONFERENCE_INFO_CONTENT_TYPE = 'application/conference-info+xml';
export const CONFERENCE_INFO_NAMESPACE = 'urn:ietf:params:xml:ns:conference-info';
export const PARLEY_CONFERENCE_NAMESPACE = 'urn:parley:params:xml:ns:conference-info';
/** The event package name (RFC 4575 §3.1). */
export const CONFERENCE_EVENT = 'conference';

/**
 * A member is about 560 bytes of XML with long names; a full roster of 100 members stays under
 * the 64 KiB a SIP message may have (sip/message limits), which bounds what a member reads.
 */
export const MAX_CONFERENCE_INFO_BYTES = 65_536;
const LIMITS: XmlLimits = { maxChars: MAX_CONFERENCE_INFO_BYTES, maxDepth: 12, maxElements: 8_192, maxAttributes: 16 };
const MAX_LABEL_CHARS = 128;
const MAX_URI_CHARS = 1024;

export type ConferenceRole = 'host' | 'member';

/** One endpoint in the roster: a member's call into the focus, or the host's own microphone. */
export interface RosterMember {
  /** The focus's id for this endpoint: stable while the member stays, what mute and remove take. */
  readonly memberId: string;
  /** The user (RFC 4575 `user` entity): the member's address-of-record. */
  readonly uri: string;
  /** The endpoint entity: the member's Contact, which tells a member's devices apart. */
  readonly contact: string;
  readonly displayName: string | null;
  /** Milliseconds since the epoch; 0 when the document did not say. */
  readonly joinedAt: number;
  readonly muted: boolean;
  readonly speaking: boolean;
  readonly role: ConferenceRole;
}

export interface ConferenceInfo {
  /** The conference URI. */
  readonly entity: string;
  readonly version: number;
  readonly state: 'full' | 'partial' | 'deleted';
  readonly subject: string | null;
  readonly locked: boolean | null;
  readonly active: boolean | null;
  readonly members: readonly RosterMember[];
  /** Users a partial document removes (`state="deleted"`), by entity. */
  readonly deletedUsers: readonly string[];
  /** Endpoints a partial document removes, by contact. */
  readonly deletedEndpoints: readonly string[];
}

export type ConferenceInfoErrorCode =
  | 'CONFERENCE_INFO_TOO_LARGE'
  | 'CONFERENCE_INFO_NOT_UTF8'
  | 'CONFERENCE_INFO_MALFORMED'
  | 'CONFERENCE_INFO_DTD_FORBIDDEN'
  | 'CONFERENCE_INFO_TOO_COMPLEX'
  | 'CONFERENCE_INFO_NOT_CONFERENCE_INFO';

export type ConferenceInfoParse =
  | { readonly ok: true; readonly info: ConferenceInfo }
  | { readonly ok: false; readonly error: { readonly code: ConferenceInfoErrorCode; readonly reason: string } };

/** The XML reader's codes as a member reports them: depth and counts are all "too complex". */
const READ_ERRORS = {
  XML_TOO_LARGE: 'CONFERENCE_INFO_TOO_LARGE',
  XML_NOT_UTF8: 'CONFERENCE_INFO_NOT_UTF8',
  XML_MALFORMED: 'CONFERENCE_INFO_MALFORMED',
  XML_DTD_FORBIDDEN: 'CONFERENCE_INFO_DTD_FORBIDDEN',
  XML_TOO_DEEP: 'CONFERENCE_INFO_TOO_COMPLEX',
  XML_TOO_MANY_ELEMENTS: 'CONFERENCE_INFO_TOO_COMPLEX',
} as const satisfies Record<XmlBodyErrorCode, ConferenceInfoErrorCode>;

/** What a notification tells: the whole roster, or (RFC 4575 §4.6) only the users that changed since the last one. */
export interface ConferenceInfoContent {
  readonly entity: string;
  readonly version: number;
  readonly state: 'full' | 'partial';
  readonly subject: string;
  readonly locked: boolean;
  /** Users in the conference (all of them in a full document). */
  readonly userCount: number;
  /** The endpoints of the users the document names: every one of a named user (a partial document replaces the user whole). */
  readonly members: readonly RosterMember[];
  /** Users gone since the last document (partial only). */
  readonly deletedUsers?: readonly string[];
}

/** The document Parley's focus sends: full to a new subscriber, partial for each change after (`version` counting up). */
export function formatConferenceInfo(conference: ConferenceInfoContent): string {
  const byUser = new Map<string, RosterMember[]>();
  for (const member of conference.members) byUser.set(member.uri, [...(byUser.get(member.uri) ?? []), member]);
  const users = [...byUser.entries()].map(([uri, endpoints]) => {
    const first = endpoints[0];
    const name = first?.displayName ? `<display-text>${escapeXml(first.displayName)}</display-text>` : '';
    const roles = endpoints.some((endpoint) => endpoint.role === 'host') ? 'host' : 'participant';
    return `<user entity="${escapeXml(uri)}" state="full">${name}<roles><entry>${roles}</entry></roles>${endpoints.map(formatEndpoint).join('')}</user>`;
  });
  const deleted = conference.state === 'partial' ? (conference.deletedUsers ?? []).map((uri) => `<user entity="${escapeXml(uri)}" state="deleted"/>`) : [];
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<conference-info xmlns="${CONFERENCE_INFO_NAMESPACE}" xmlns:p="${PARLEY_CONFERENCE_NAMESPACE}" entity="${escapeXml(conference.entity)}" state="${conference.state}" version="${conference.version}">` +
    `<conference-description><subject>${escapeXml(conference.subject)}</subject></conference-description>` +
    `<conference-state><user-count>${conference.userCount}</user-count><active>true</active><locked>${conference.locked}</locked></conference-state>` +
    `<users>${users.join('')}${deleted.join('')}</users>` +
    '</conference-info>'
  );
}

function formatEndpoint(member: RosterMember): string {
  const when = member.joinedAt > 0 ? `<joining-info><when>${new Date(member.joinedAt).toISOString()}</when></joining-info>` : '';
  return (
    `<endpoint entity="${escapeXml(member.contact)}" state="full" p:id="${escapeXml(member.memberId)}">` +
    `<status>connected</status><joining-method>dialed-in</joining-method>${when}` +
    `<media id="audio"><type>audio</type><status>${member.muted ? 'sendonly' : 'sendrecv'}</status></media>` +
    (member.speaking ? '<p:speaking>true</p:speaking>' : '') +
    '</endpoint>'
  );
}

/** Reads a conference-info body (bytes as received, or text). Never throws. */
export function parseConferenceInfo(body: Uint8Array | string): ConferenceInfoParse {
  const read = readXmlBody(body, LIMITS);
  if (!read.ok) return failure(READ_ERRORS[read.error.code], read.error.reason);
  const root = read.root;
  if (root.namespace !== CONFERENCE_INFO_NAMESPACE || root.localName !== 'conference-info') {
    return failure('CONFERENCE_INFO_NOT_CONFERENCE_INFO', `the root element is {${root.namespace.slice(0, 80)}}${root.localName.slice(0, 80)}, not conference-info`);
  }
  const entity = root.attributes.get('entity');
  const version = Number(root.attributes.get('version'));
  const state = root.attributes.get('state') ?? 'full';
  if (entity === undefined || entity.length > MAX_URI_CHARS) return failure('CONFERENCE_INFO_MALFORMED', 'conference-info has no usable entity');
  if (!Number.isSafeInteger(version) || version < 0) return failure('CONFERENCE_INFO_MALFORMED', 'conference-info has no version (RFC 4575 §5.1)');
  if (state !== 'full' && state !== 'partial' && state !== 'deleted') return failure('CONFERENCE_INFO_MALFORMED', `state ${JSON.stringify(state.slice(0, 20))}`);
  const description = child(root, 'conference-description');
  const conferenceState = child(root, 'conference-state');
  const members: RosterMember[] = [];
  const deletedUsers: string[] = [];
  const deletedEndpoints: string[] = [];
  for (const users of childrenNamed(root, CONFERENCE_INFO_NAMESPACE, 'users')) {
    for (const user of childrenNamed(users, CONFERENCE_INFO_NAMESPACE, 'user')) {
      const uri = user.attributes.get('entity');
      if (uri === undefined || uri.length > MAX_URI_CHARS) continue; // a user we cannot name is left out, not the document
      if (user.attributes.get('state') === 'deleted') {
        deletedUsers.push(uri);
        continue;
      }
      const displayName = label(child(user, 'display-text')?.text);
      const roles = childrenNamed(child(user, 'roles') ?? user, CONFERENCE_INFO_NAMESPACE, 'entry').map((entry) => entry.text.trim().toLowerCase());
      const role: ConferenceRole = roles.includes('host') || roles.includes('chair') || roles.includes('chairman') ? 'host' : 'member';
      for (const endpoint of childrenNamed(user, CONFERENCE_INFO_NAMESPACE, 'endpoint')) {
        const contact = endpoint.attributes.get('entity') ?? uri;
        if (contact.length > MAX_URI_CHARS) continue;
        if (endpoint.attributes.get('state') === 'deleted' || isGone(child(endpoint, 'status')?.text)) {
          deletedEndpoints.push(contact);
          continue;
        }
        const memberId = endpoint.attributes.get(`{${PARLEY_CONFERENCE_NAMESPACE}}id`) ?? contact;
        const audio = childrenNamed(endpoint, CONFERENCE_INFO_NAMESPACE, 'media').find((media) => child(media, 'type')?.text.trim() === 'audio');
        const direction = audio ? child(audio, 'status')?.text.trim() : undefined;
        const when = Date.parse(child(child(endpoint, 'joining-info') ?? endpoint, 'when')?.text.trim() ?? '');
        const speaking = childrenNamed(endpoint, PARLEY_CONFERENCE_NAMESPACE, 'speaking').some((element) => element.text.trim() === 'true');
        members.push({
          memberId: memberId.slice(0, 256),
          uri,
          contact,
          displayName: label(child(endpoint, 'display-text')?.text) ?? displayName,
          joinedAt: Number.isFinite(when) && when > 0 ? when : 0,
          muted: direction === 'sendonly' || direction === 'inactive',
          speaking,
          role,
        });
      }
    }
  }
  return {
    ok: true,
    info: {
      entity,
      version,
      state,
      subject: description ? (label(child(description, 'subject')?.text) ?? '') : null,
      locked: flag(conferenceState && child(conferenceState, 'locked')),
      active: flag(conferenceState && child(conferenceState, 'active')),
      members,
      deletedUsers,
      deletedEndpoints,
    },
  };
}

/**
 * The roster after `next` (RFC 4575 §4.6): a full document replaces it; a partial one changes
 * the users it names; one whose version is not above the current is stale and changes nothing
 * (null), and so does a partial one with no full state to apply to.
 */
export function mergeConferenceInfo(current: ConferenceInfo | undefined, next: ConferenceInfo): ConferenceInfo | null {
  if (current && next.version <= current.version) return null;
  if (next.state !== 'partial') return next;
  if (!current) return null;
  const named = new Set([...next.members.map((member) => member.uri), ...next.deletedUsers]);
  const gone = new Set(next.deletedEndpoints);
  return {
    ...current,
    version: next.version,
    subject: next.subject ?? current.subject,
    locked: next.locked ?? current.locked,
    active: next.active ?? current.active,
    members: [...current.members.filter((member) => !named.has(member.uri) && !gone.has(member.contact)), ...next.members],
  };
}

function child(element: XmlElement | undefined, localName: string): XmlElement | undefined {
  return element ? childrenNamed(element, CONFERENCE_INFO_NAMESPACE, localName)[0] : undefined;
}

function flag(element: XmlElement | undefined): boolean | null {
  const text = element?.text.trim();
  return text === 'true' || text === '1' ? true : text === 'false' || text === '0' ? false : null;
}

/** RFC 4575 §5.7.1.2: an endpoint that is no longer in the conference. */
function isGone(status: string | undefined): boolean {
  const value = status?.trim();
  return value === 'disconnected' || value === 'disconnecting';
}

/** A display text as a label: trimmed, controls and bidi overrides removed, cut to 128 characters; null when empty. */
function label(text: string | undefined): string | null {
  const cleaned = text?.replace(/[\u0000-\u001F\u007F\u202A-\u202E\u2066-\u2069]/g, '').trim().slice(0, MAX_LABEL_CHARS);
  return cleaned ? cleaned : null;
}

function failure(code: ConferenceInfoErrorCode, reason: string): ConferenceInfoParse {
  return { ok: false, error: { code, reason } };
}
