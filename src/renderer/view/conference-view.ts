import { ConferenceUriSchema, SipUriSchema, type CallView, type ConferenceMember, type ConferenceView, type Contact } from '../../shared/api-contract.js';
import { callParty, claimedName } from './caller-view.js';
import { parleyIdentityKey } from './party-key.js';

/** Whether `uri` names a conference (`sip:<conference key>@conference.parley.invalid`, RFC 4579's conference URI). */
export function isConferenceUri(uri: string): boolean {
  return ConferenceUriSchema.safeParse(uri).success;
}

/**
 * What two spellings of one conference URI share: the key is z-base-32 (one case) and the
 * host is a fixed name, so case, angle brackets, parameters and headers say nothing about
 * which conference it is.
 */
export function conferenceKey(uri: string): string {
  const bare = uri.trim().replace(/^<|>$/g, '');
  const withoutHeaders = bare.split('?')[0] ?? bare;
  const withoutParams = withoutHeaders.split(';')[0] ?? withoutHeaders;
  return withoutParams.replace(/^sips:/i, 'sip:').toLowerCase();
}

export type ConferenceUriCheck = { state: 'empty' } | { state: 'valid'; uri: string } | { state: 'invalid'; message: string };

function asSentence(text: string): string {
  const capitalised = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

/**
 * What is in the Join field, checked as the contract will check it (ConferenceUriSchema), with
 * the mistake people actually make named: pasting a person's address instead of the conference's.
 */
export function checkConferenceUri(text: string): ConferenceUriCheck {
  if (text.trim() === '') return { state: 'empty' };
  const sip = SipUriSchema.safeParse(text);
  if (!sip.success) return { state: 'invalid', message: asSentence(sip.error.issues[0]?.message ?? 'not a SIP URI') };
  const parsed = ConferenceUriSchema.safeParse(text);
  if (parsed.success) return { state: 'valid', uri: parsed.data };
  if (parleyIdentityKey(sip.data) !== null) {
    return { state: 'invalid', message: 'That is a person’s address, not a conference’s: call it from the dialer, or ask them for the conference address.' };
  }
  return { state: 'invalid', message: 'A conference address ends in @conference.parley.invalid, like sip:…@conference.parley.invalid.' };
}

/**
 * What Join does with the text in its field: the conference to join, or the sentence why not
 * (nothing typed, not a conference address, or a conference the user is in already).
 */
export function checkJoinAddress(text: string, liveUris: readonly string[]): { ok: true; uri: string } | { ok: false; message: string } {
  const check = checkConferenceUri(text);
  if (check.state === 'empty') return { ok: false, message: 'Paste the conference address to join.' };
  if (check.state === 'invalid') return { ok: false, message: check.message };
  const key = conferenceKey(check.uri);
  if (liveUris.some((uri) => conferenceKey(uri) === key)) return { ok: false, message: 'You are in this conference already: its card is below.' };
  return { ok: true, uri: check.uri };
}

/**
 * A member as the roster names them: the buddy's name, else the name they gave (a claim), else
 * their address. The user's own row carries their own name, which is no claim to doubt.
 */
export type MemberLabel = { text: string; source: 'self' | 'buddy' | 'claimed' | 'address' };

export function memberLabel(member: Pick<ConferenceMember, 'uri' | 'displayName'> & { self?: boolean }, contacts: readonly Contact[]): MemberLabel {
  if (member.self === true) return { text: claimedName(member.displayName) ?? member.uri, source: 'self' };
  const party = callParty({ remoteUri: member.uri, remoteDisplayName: member.displayName }, contacts);
  if (party.name === null) return { text: member.uri, source: 'address' };
  return { text: party.name, source: party.nameSource === 'buddy' ? 'buddy' : 'claimed' };
}

/** How a member is named in a sentence ("Bob was muted"): the user is "You". */
export function memberInSentence(member: ConferenceMember, contacts: readonly Contact[]): string {
  return member.self ? 'You' : memberLabel(member, contacts).text;
}

/** The conference's heading: its subject, else whose it is. */
export function conferenceTitle(view: Pick<ConferenceView, 'subject' | 'role' | 'members'>, contacts: readonly Contact[]): string {
  const subject = view.subject.trim();
  if (subject !== '') return subject;
  if (view.role === 'host') return 'Your conference';
  const host = view.members.find((member) => member.role === 'host');
  return host === undefined ? 'Conference' : `${memberLabel(host, contacts).text}’s conference`;
}

/** The state in the words the card shows. */
export function conferenceStateLabel(view: Pick<ConferenceView, 'state' | 'role'>): string {
  switch (view.state) {
    case 'joining':
      return 'Joining…';
    case 'ended':
      return 'Ended';
    case 'active':
      return view.role === 'host' ? 'You are hosting' : 'In conference';
  }
}

export function memberCountText(count: number): string {
  return count === 1 ? '1 member' : `${count} members`;
}

/**
 * The roster in a steady order: the host first, then by when they joined (ties by id). Rows
 * never move when someone speaks or is muted, so the row under the pointer stays put.
 */
export function orderedMembers(members: readonly ConferenceMember[]): ConferenceMember[] {
  return [...members].sort(
    (a, b) =>
      (a.role === 'host' ? 0 : 1) - (b.role === 'host' ? 0 : 1) || a.joinedAt - b.joinedAt || a.memberId.localeCompare(b.memberId),
  );
}

function listInWords(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1) ?? ''}`;
}

/** Who speaks, as a sentence; '' when nobody does (silence is not announced). */
export function speakersSentence(members: readonly ConferenceMember[], contacts: readonly Contact[]): string {
  const speaking = orderedMembers(members).filter((member) => member.speaking);
  if (speaking.length === 0) return '';
  const names = speaking.map((member) => memberInSentence(member, contacts));
  if (names.length > 3) return `${names.slice(0, 3).join(', ')} and ${names.length - 3} more are speaking.`;
  const onlyYou = names.length === 1 && names[0] === 'You';
  return `${listInWords(names)} ${names.length === 1 && !onlyYou ? 'is' : 'are'} speaking.`;
}

/**
 * What changed between two views of one conference that a person should hear about, as
 * sentences: joins, departures, mutes, the lock and the conference becoming active. Who speaks
 * is left out (it changes several times a second; see speakersSentence).
 */
export function rosterChanges(previous: ConferenceView, next: ConferenceView, contacts: readonly Contact[]): string[] {
  const changes: string[] = [];
  if (previous.state === 'joining' && next.state === 'active') changes.push(next.role === 'host' ? 'The conference is open.' : 'You are in the conference.');
  const before = new Map(previous.members.map((member) => [member.memberId, member]));
  const after = new Set(next.members.map((member) => member.memberId));
  for (const member of orderedMembers(next.members)) {
    const known = before.get(member.memberId);
    const name = memberInSentence(member, contacts);
    if (known === undefined) {
      if (!member.self) changes.push(`${name} joined.`);
    } else if (known.muted !== member.muted) {
      changes.push(`${name} ${member.self ? 'are' : 'is'} ${member.muted ? 'muted' : 'no longer muted'}.`);
    }
  }
  for (const member of orderedMembers(previous.members)) {
    if (!after.has(member.memberId) && !member.self) changes.push(`${memberInSentence(member, contacts)} left.`);
  }
  if (previous.locked !== next.locked) changes.push(next.locked ? 'The conference is locked: nobody new can join.' : 'The conference is unlocked: anyone with the address can join.');
  return changes;
}

/** The end of a conference in words: the core's reason, as a sentence. */
export function conferenceEndSentence(reason: string): string {
  const trimmed = reason.trim().replace(/[.!?]+$/, '');
  return trimmed === '' ? 'The conference ended.' : `The conference ended: ${trimmed}.`;
}

/**
 * Calls to a conference that has no card yet: dialled from the dialer or a `sip:` link, before
 * the core's first `conferenceUpdated` for them. The section shows them as joining meanwhile.
 */
export function dialledConferenceCalls(calls: readonly CallView[], knownUris: readonly string[]): CallView[] {
  const known = new Set(knownUris.map(conferenceKey));
  return calls.filter((call) => call.state !== 'ended' && isConferenceUri(call.remoteUri) && !known.has(conferenceKey(call.remoteUri)));
}
