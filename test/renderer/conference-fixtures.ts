import type { ConferenceMember, ConferenceView } from '../../src/shared/api-contract.js';
import type { ConferenceCommands } from '../../src/renderer/state/conference-commands.js';
import type { ConferenceEntry } from '../../src/renderer/state/conferences-state.js';
import { BOB } from './call-fixtures.js';

export const ROOM = 'sip:cpqxot1uwisza345h769ybndrfg8ejkmcpqxot1uwisza345h769yb@conference.parley.invalid';
export const OTHER_ROOM = 'sip:wisza345h769ybndrfg8ejkmcpqxot1uwisza345h769ybndrfg8ej@conference.parley.invalid';
export const ME = 'sip:ybndrfg8ejkmcpqxot1uwisza345h769ybndrfg8ejkmcpqxot1ua@parley.invalid';
export const DAVE = 'sip:dave@192.0.2.9';

export function member(overrides: Partial<ConferenceMember> = {}): ConferenceMember {
  return {
    memberId: 'm-bob',
    uri: BOB,
    displayName: 'Bob',
    joinedAt: 2_000,
    muted: false,
    speaking: false,
    role: 'member',
    self: false,
    ...overrides,
  };
}

/** The host's own entry in the roster. */
export const hostSelf = member({ memberId: 'm-me', uri: ME, displayName: 'Me', joinedAt: 1_000, role: 'host', self: true });

/** A conference this node hosts, active, with Bob in it, unless told otherwise. */
export function conferenceView(overrides: Partial<ConferenceView> = {}): ConferenceView {
  return {
    uri: ROOM,
    subject: 'Weekly sync',
    role: 'host',
    state: 'active',
    locked: false,
    callId: null,
    members: [hostSelf, member()],
    startedAt: 1_000,
    ...overrides,
  };
}

export function conferenceEntry(view: ConferenceView, overrides: Partial<ConferenceEntry> = {}): ConferenceEntry {
  return { view, pending: [], error: null, ended: null, ...overrides };
}

/** Commands for components rendered once: nothing is clicked in a static render. */
export const idleConferenceCommands: ConferenceCommands = {
  load: async () => {},
  create: async () => ({ ok: true, uri: ROOM }),
  join: async () => ({ ok: true, uri: ROOM }),
  merge: async () => ({ ok: true, uri: ROOM }),
  invite: async () => null,
  leave: async () => {},
  setLocked: async () => {},
  setMemberMuted: async () => {},
  removeMember: async () => {},
  dismissEnded: () => {},
};
