import type { CommandHandlers } from '../../src/main/api/api-service.js';
import { NodeCalls } from '../../src/main/node/node-calls.js';
import { inMemoryConferences } from './in-memory-conferences.js';
import { API_VERSION, type Contact, type EventName, type EventPayload, type Notice } from '../../src/shared/api-contract.js';

export interface InMemoryCore {
  muted: boolean;
  notices: Notice[];
  pendingDials: string[];
}

/**
 * Handlers for every command over an in-memory core, for tests of the transports (HTTP,
 * WebSocket, Electron IPC) that need a real ApiService but no profile or DHT. `emit` receives
 * the events a real core would push.
 */
export function inMemoryHandlers(
  emit: <E extends EventName>(name: E, payload: EventPayload<E>) => void,
  shell: 'electron' | 'browser' = 'browser',
  core: InMemoryCore = { muted: false, notices: [], pendingDials: [] },
): CommandHandlers {
  const profile = { displayName: 'Alice', uri: 'sip:alice@parley.invalid', identityKey: 'alice' };
  let contacts: Contact[] = [];
  let buddiesOnly = false;
  let ringtone: 'classic' | 'soft' | 'off' = 'classic';
  return {
    getAppInfo: () => ({ version: '0.0.0-test', apiVersion: API_VERSION, shell, dataDir: '/tmp/parley-test' }),
    getProfile: () => profile,
    setDisplayName: ({ displayName }) => ({ ...profile, displayName }),
    getNetworkStatus: () => ({ state: 'online', peers: 3, bootstrap: [], privateNetwork: true, since: 0, nat: 'unknown', publicAddress: null }),
    getMuted: () => ({ muted: core.muted }),
    setMuted: ({ muted }) => {
      if (core.muted !== muted) {
        core.muted = muted;
        emit('muteChanged', { muted });
      }
      return { muted: core.muted };
    },
    getNotices: () => [...core.notices],
    dismissNotice: ({ id }) => {
      const before = core.notices.length;
      core.notices = core.notices.filter((notice) => notice.id !== id);
      return { dismissed: core.notices.length < before };
    },
    takeDialRequests: () => core.pendingDials.splice(0),
    // No SIP endpoint: the call commands answer as a node without `--sip` does.
    ...new NodeCalls({}, () => core.muted, emit).commands(),
    listContacts: () => [...contacts],
    addContact: ({ uri, displayName }) => {
      contacts = [...contacts.filter((contact) => contact.uri !== uri), { uri, displayName: displayName ?? '', addedAt: new Date(0).toISOString() }];
      emit('contactsChanged', [...contacts]);
      return [...contacts];
    },
    removeContact: ({ uri }) => {
      contacts = contacts.filter((contact) => contact.uri !== uri);
      emit('contactsChanged', [...contacts]);
      return [...contacts];
    },
    getPresence: () => ({ status: 'online' as const }),
    setPresence: ({ status }) => {
      emit('presenceChanged', { status });
      return { status };
    },
    getPrivacy: () => ({ buddiesOnly }),
    setPrivacy: (privacy) => ({ buddiesOnly: (buddiesOnly = privacy.buddiesOnly) }),
    getHistory: () => ({ entries: [], missedUnseen: 0 }),
    markHistorySeen: () => ({ entries: [], missedUnseen: 0 }),
    clearHistory: () => ({ entries: [], missedUnseen: 0 }),
    // A machine without sound cards.
    listAudioDevices: () => ({ inputs: [], outputs: [], input: null, output: null }),
    setAudioDevices: ({ input, output }) => ({ inputs: [], outputs: [], input: input ?? null, output: output ?? null }),
    // Nobody's presence is known without a DHT.
    listPresence: () => contacts.map((contact) => ({ uri: contact.uri, status: 'unknown' as const, since: 0 })),
    getRingtone: () => ({ ringtone }),
    setRingtone: (choice) => {
      ringtone = choice.ringtone;
      emit('ringtoneChanged', { ringtone });
      return { ringtone };
    },
    exportIdentity: ({ passphrase }) => ({ code: `test-code-${passphrase.length}` }),
    // No sound cards: there is nothing to test.
    startAudioTest: () => ({ running: false }),
    stopAudioTest: () => ({ running: false }),
    ...inMemoryConferences(emit, profile),
  };
}
