import type { CommandHandlers } from '../../src/main/api/api-service.js';
import { conferenceUri, conferenceKeyOf } from '../../src/main/conference/conference-address.js';
import { ConferenceError } from '../../src/main/conference/conference-error.js';
import type { ConferenceView, EventName, EventPayload } from '../../src/shared/api-contract.js';

type ConferenceCommands = Pick<
  CommandHandlers,
  'listConferences' | 'createConference' | 'joinConference' | 'leaveConference' | 'inviteToConference' | 'mergeIntoConference' | 'setMemberMuted' | 'removeMember' | 'setConferenceLocked'
>;

/**
 * Conferences without a DHT or a mixer, for the transport tests: a conference this core hosts
 * holds the host alone (plus whoever is invited, at once); joining one it does not host shows
 * the join in progress, as a real node does until the focus answers. Commands refuse what a
 * real node refuses with the same codes.
 */
export function inMemoryConferences(emit: <E extends EventName>(name: E, payload: EventPayload<E>) => void, self: { uri: string; displayName: string }): ConferenceCommands {
  const conferences = new Map<string, ConferenceView>();
  let created = 0;
  let invited = 0;
  const find = (uri: string): ConferenceView => {
    const key = conferenceKeyOf(uri);
    const view = key && conferences.get(conferenceUri(key));
    if (!view) throw new ConferenceError('CONFERENCE_NOT_FOUND', `this node is not in ${uri}`);
    return view;
  };
  const hosted = (uri: string): ConferenceView => {
    const view = find(uri);
    if (view.role !== 'host') throw new ConferenceError('CONFERENCE_NOT_HOST', 'only the host can do this');
    return view;
  };
  const update = (view: ConferenceView): ConferenceView => {
    conferences.set(view.uri, view);
    emit('conferenceUpdated', view);
    return view;
  };
  const host = (subject: string): ConferenceView =>
    update({
      uri: conferenceUri(Buffer.alloc(32, ++created)),
      subject,
      role: 'host',
      state: 'active',
      locked: false,
      callId: null,
      members: [{ memberId: 'host', uri: self.uri, displayName: self.displayName, joinedAt: Date.now(), muted: false, speaking: false, role: 'host', self: true }],
      startedAt: Date.now(),
    });
  return {
    listConferences: () => [...conferences.values()],
    createConference: ({ subject }) => host(subject || `${self.displayName}'s conference`),
    joinConference: ({ uri }) => {
      const key = conferenceKeyOf(uri);
      if (!key) throw new ConferenceError('CONFERENCE_NOT_FOUND', `${uri} is not a conference URI`);
      if (conferences.has(conferenceUri(key))) throw new ConferenceError('CONFERENCE_ALREADY_JOINED', `you are in ${uri} already`);
      return update({ uri: conferenceUri(key), subject: '', role: 'member', state: 'joining', locked: false, callId: `conference-call-${conferences.size + 1}`, members: [], startedAt: Date.now() });
    },
    leaveConference: ({ uri }) => {
      const view = find(uri);
      conferences.delete(view.uri);
      emit('conferenceEnded', { uri: view.uri, reason: view.role === 'host' ? 'the host ended the conference' : 'hangup by us' });
      return { uri: view.uri };
    },
    inviteToConference: ({ uri, invitee }) => {
      const view = hosted(uri);
      return update({ ...view, members: [...view.members, { memberId: `m${++invited}`, uri: invitee, displayName: null, joinedAt: Date.now(), muted: false, speaking: false, role: 'member', self: false }] });
    },
    mergeIntoConference: () => host(`${self.displayName}'s conference`),
    setMemberMuted: ({ uri, memberId, muted }) => {
      const view = hosted(uri);
      if (!view.members.some((member) => member.memberId === memberId)) throw new ConferenceError('CONFERENCE_MEMBER_NOT_FOUND', `no member ${memberId}`);
      return update({ ...view, members: view.members.map((member) => (member.memberId === memberId ? { ...member, muted } : member)) });
    },
    removeMember: ({ uri, memberId }) => {
      const view = hosted(uri);
      if (memberId === 'host' || !view.members.some((member) => member.memberId === memberId)) throw new ConferenceError('CONFERENCE_MEMBER_NOT_FOUND', `no member ${memberId}`);
      return update({ ...view, members: view.members.filter((member) => member.memberId !== memberId) });
    },
    setConferenceLocked: ({ uri, locked }) => update({ ...hosted(uri), locked }),
  };
}
