/**
 * Invite links: how one person hands another their address, and the name they go by, as one
 * string to paste or one QR code to scan.
 *
 *     parley://invite?uri=<SIP URI>&name=<display name>
 *
 * Why this shape: a scheme of our own, so an invite is never taken for a call (opening a `sip:`
 * link dials) and the OS can later hand these links to Parley as it does `sip:` ones; a query of
 * named fields, so a later version can add one (older apps ignore fields they do not know). The
 * values are percent-encoded as RFC 3986 says (`encodeURIComponent`): a `+` is a plus, as in
 * `sip:+4930…`, never a space as in HTML forms, so the query is split here by hand rather than
 * with URLSearchParams. A link is text from anyone: it is length-limited, the address must be a
 * `sip:`/`sips:` URI the contract accepts, and the name is only a suggestion, cleaned of control
 * and direction-override characters, which the person adding the buddy can change.
 */
import { SipUriSchema } from '../../shared/api-contract.js';

export type Invite = { uri: string; displayName: string };

export type InviteSource = 'invite-link' | 'sip-uri' | 'name-addr';

export type InviteErrorCode = 'EMPTY' | 'TOO_LONG' | 'NOT_AN_INVITE' | 'MALFORMED' | 'BAD_URI';

export type InviteParse =
  | { ok: true; invite: Invite; source: InviteSource }
  | { ok: false; error: { code: InviteErrorCode; message: string } };

const INVITE_PREFIX = 'parley://invite?';
/** The longest text taken: a 1024-character URI and a 64-character name, both percent-encoded at worst, fit. */
export const INVITE_TEXT_MAX_LENGTH = 4096;
/** The contract's limit for display names (DisplayNameSchema), in code points. */
const NAME_MAX_LENGTH = 64;

export function formatInviteLink(invite: Invite): string {
  const name = cleanDisplayName(invite.displayName);
  const query = [`uri=${encodeURIComponent(invite.uri)}`];
  if (name !== '') query.push(`name=${encodeURIComponent(name)}`);
  return INVITE_PREFIX + query.join('&');
}

/** Whether text is meant as an invite link (and not as a SIP address), whether or not it is a valid one. */
export function looksLikeInviteLink(text: string): boolean {
  return /^parley:/i.test(text.trim());
}

/** C0 and C1 controls and DEL; then the marks that reorder text on screen (Unicode UAX #9). */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
const DIRECTION_CONTROL = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * A name as a label can show it: line breaks and tabs become spaces, other control characters
 * and direction overrides (which could make a name read as someone else's) go, runs of spaces
 * become one, and it is cut to the contract's 64 characters.
 */
export function cleanDisplayName(name: string): string {
  const cleaned = name
    .replace(/[\t\n\v\f\r\u0085\u2028\u2029]/g, ' ')
    .replace(CONTROL, '')
    .replace(DIRECTION_CONTROL, '')
    .replace(/\s+/g, ' ')
    .trim();
  return Array.from(cleaned).slice(0, NAME_MAX_LENGTH).join('').trim();
}

function failure(code: InviteErrorCode, message: string): InviteParse {
  return { ok: false, error: { code, message } };
}

function checkUri(uri: string, source: InviteSource, displayName: string): InviteParse {
  const parsed = SipUriSchema.safeParse(uri);
  if (!parsed.success) {
    const reason = parsed.error.issues[0]?.message ?? 'not a SIP URI';
    return failure('BAD_URI', source === 'sip-uri' ? `${capitalise(reason)}.` : `The address in it is not usable: ${reason}.`);
  }
  return { ok: true, invite: { uri: parsed.data, displayName: cleanDisplayName(displayName) }, source };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function parseInviteLink(text: string): InviteParse {
  if (text.slice(0, INVITE_PREFIX.length).toLowerCase() !== INVITE_PREFIX) {
    return failure('MALFORMED', 'This Parley link is not an invite: an invite starts with parley://invite?');
  }
  const query = text.slice(INVITE_PREFIX.length);
  if (query.includes('#')) return failure('MALFORMED', 'This invite link is damaged: it has a # in it.');
  const fields = new Map<string, string>();
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const key = equals < 0 ? pair : pair.slice(0, equals);
    if (!/^[a-z][a-z0-9-]*$/.test(key)) return failure('MALFORMED', 'This invite link is damaged: a field has no name.');
    if (key !== 'uri' && key !== 'name') continue;
    // Two of a field could show one address and add another: refused, not guessed.
    if (fields.has(key)) return failure('MALFORMED', `This invite link is damaged: it has two ${key} fields.`);
    let value: string;
    try {
      value = decodeURIComponent(equals < 0 ? '' : pair.slice(equals + 1));
    } catch {
      return failure('MALFORMED', 'This invite link is damaged: a character in it is wrongly encoded.');
    }
    fields.set(key, value);
  }
  const uri = fields.get('uri');
  if (uri === undefined || uri.trim() === '') return failure('MALFORMED', 'This invite link has no address in it.');
  return checkUri(uri, 'invite-link', fields.get('name') ?? '');
}

/** `"Bob" <sip:bob@example.org>` or `Bob <sip:…>`, as SIP phones copy an address (RFC 3261 §20.10, name-addr). */
const NAME_ADDR = /^(?:"((?:[^"\\]|\\.)*)"|([^"<>]*?))\s*<(sips?:[^<>]*)>$/i;

/**
 * What someone pasted or a QR code held, as a buddy to add: an invite link, a plain `sip:`/`sips:`
 * URI, or a name-addr. Anything else, or anything too long, is refused with a sentence.
 */
export function parseInvite(input: string): InviteParse {
  const text = input.trim();
  if (text === '') return failure('EMPTY', 'Paste an invite link or a SIP address.');
  if (text.length > INVITE_TEXT_MAX_LENGTH) return failure('TOO_LONG', 'That is too long to be an invite link or a SIP address.');
  if (looksLikeInviteLink(text)) return parseInviteLink(text);
  if (/^sips?:/i.test(text)) return checkUri(text, 'sip-uri', '');
  const nameAddr = NAME_ADDR.exec(text);
  if (nameAddr) {
    const name = nameAddr[1] !== undefined ? nameAddr[1].replace(/\\(.)/g, '$1') : (nameAddr[2] ?? '');
    return checkUri(nameAddr[3] ?? '', 'name-addr', name);
  }
  return failure('NOT_AN_INVITE', 'Not an invite link or a SIP address: those start with parley://invite or sip:.');
}
