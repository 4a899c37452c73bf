import type { AppInfo, EventName, EventPayload, Notice, Profile as ProfileView } from '../../shared/api-contract.js';
import type { CommandHandlers } from '../api/api-service.js';
import type { DhtNode } from '../p2p/dht-node.js';
import type { Profile } from '../profile/profile.js';
import type { BuddyFirewall } from './buddy-firewall.js';
import type { NodeAudio } from './node-audio.js';
import { contactCommands, type NodeContacts } from './node-contacts.js';
import { audioTestCommands } from './audio-test.js';
import type { NodeCalls } from './node-calls.js';
import type { NodeConferences } from './node-conferences.js';
import type { NodeHistory } from './node-history.js';
import type { NodePresence } from './node-presence.js';
import { settingsCommands } from './node-settings.js';

/** State of a running node that is not stored in the profile. */
export interface NodeState {
  /** The microphone mute, shared by the tray, the UI and (later) every call. */
  muted: boolean;
  notices: Notice[];
  /** `sip:` links opened and not yet taken by a UI, oldest first. */
  pendingDials: string[];
}

export interface CommandContext {
  profile: Profile;
  dht: DhtNode;
  state: NodeState;
  appInfo: AppInfo;
  calls: NodeCalls;
  audio: NodeAudio;
  firewall: BuddyFirewall;
  contacts: NodeContacts;
  history: NodeHistory;
  presence: NodePresence;
  conferences: NodeConferences;
  emit: <E extends EventName>(name: E, payload: EventPayload<E>) => void;
}

/** The node's answer to every command of the contract; arguments arrive validated. */
export function createCommandHandlers(context: CommandContext): CommandHandlers {
  const { profile, dht, state, emit } = context;
  const profileView = (): ProfileView => ({
    displayName: profile.settings.displayName,
    uri: profile.uri,
    identityKey: profile.identityKey,
  });
  return {
    getAppInfo: () => context.appInfo,
    getProfile: profileView,
    setDisplayName: async ({ displayName }) => {
      await profile.updateSettings({ displayName });
      const view = profileView();
      emit('profileChanged', view);
      return view;
    },
    getNetworkStatus: () => dht.status,
    getMuted: () => ({ muted: state.muted }),
    setMuted: async ({ muted }) => {
      if (state.muted !== muted) {
        state.muted = muted;
        emit('muteChanged', { muted });
        await context.calls.applyMute(muted);
        await context.conferences.applyMute(muted);
      }
      return { muted: state.muted };
    },
    getNotices: () => [...state.notices],
    dismissNotice: ({ id }) => {
      const index = state.notices.findIndex((notice) => notice.id === id);
      if (index < 0) return { dismissed: false };
      state.notices.splice(index, 1);
      emit('noticeDismissed', { id });
      return { dismissed: true };
    },
    takeDialRequests: () => state.pendingDials.splice(0),
    ...context.conferences.commands(),
    ...context.calls.commands(),
    ...contactCommands(profile, context.firewall, context.contacts),
    ...context.history.commands(),
    ...context.presence.commands(),
    listAudioDevices: () => context.audio.listDevices(),
    setAudioDevices: (choice) => context.audio.chooseDevices(choice),
    ...settingsCommands(profile, emit),
    ...audioTestCommands(context.audio.test, () => context.calls.commands().listCalls({}), emit),
  };
}
