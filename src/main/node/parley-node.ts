import { mkdir } from 'node:fs/promises';
import { API_VERSION, type EventName, type EventPayload, type Notice } from '../../shared/api-contract.js';
import { ApiService } from '../api/api-service.js';
import type { HostPort } from '../p2p/bootstrap-address.js';
import type { CallAudioPolicy } from '../call/call-audio.js';
import type { MediaTuning } from '../call/call-media.js';
import type { MediaProcessLauncher } from '../media/index.js';
import { P2pEndpoint } from '../call/p2p-endpoint.js';
import { PlainSipEndpoint } from '../call/plain-sip-endpoint.js';
import { systemClock } from '../clock.js';
import { isLoopbackHost } from '../p2p/bootstrap-address.js';
import { DeviceDirectory } from '../p2p/device-directory.js';
import type { LanDiscovery } from '../p2p/lan-discovery.js';
import { startLanDiscovery } from '../p2p/lan-connect.js';
import { DhtNode } from '../p2p/dht-node.js';
import { packageVersion } from '../package-root.js';
import { Profile } from '../profile/profile.js';
import { ProfileLock } from '../profile/profile-lock.js';
import { createCommandHandlers, type NodeState } from './command-handlers.js';
import { BuddyFirewall } from './buddy-firewall.js';
import { NodeAudio } from './node-audio.js';
import { NodeCalls } from './node-calls.js';
import { NodeHistory } from './node-history.js';
import { NodeDevice } from './node-device.js';
import { NodePresence } from './node-presence.js';
import { ContactSync } from './contact-sync.js';
import { NodeContacts } from './node-contacts.js';
import { deriveContactListKeys } from '../p2p/contact-list-keys.js';
import { ContactListStore } from '../p2p/contact-list-store.js';
import { ConferenceMixers } from '../media/mixer/conference-mixers.js';
import { NodeConferences } from './node-conferences.js';

const MAX_PENDING_DIALS = 8;

export interface ParleyNodeOptions {
  dataDir: string;
  /** Private DHT bootstrap nodes; omitted = the public HyperDHT bootstrap. */
  bootstrap?: HostPort[];
  shell: 'electron' | 'browser';
  /**
   * Listen for plain SIP on UDP and TCP (`parley serve --sip`). Without `audio`, auto-answered
   * calls are silent and the others use the audio devices from the settings.
   */
  sip?: { listen: HostPort; autoAnswer: boolean; audio?: CallAudioPolicy };
  /** How P2P calls are answered (they ring for the UI by default) and what they play (as for `sip`). */
  calls?: { autoAnswer: boolean; audio?: CallAudioPolicy; mediaTuning?: MediaTuning };
  /**
   * The host's own microphone and speaker in the conferences this node hosts (`parley conference
   * --play/--record`; silence: the node only hosts). By default the calls' audio: the devices
   * from the settings, or the `calls.audio` files.
   */
  conferenceAudio?: CallAudioPolicy;
  /** How the desktop app starts the media process (Electron's utilityProcess); Node's fork otherwise. */
  mediaProcess?: MediaProcessLauncher;
  /** A HyperDHT relay node's public key, for peers that cannot hole-punch (`--relay`). */
  relay?: Buffer;
  /** Find and call devices on the LAN by multicast (default on; loopback only on a loopback private network). */
  lan?: boolean;
  /** Where faults inside command handlers are logged. */
  log?: (message: string) => void;
}

/**
 * One running Parley node: the profile (locked for this process), its DHT node, and the
 * typed API over them. The composition root that `parley serve`, `parley demo` and the
 * desktop app share; transports (IPC, WebSocket) only carry `api`.
 */
export class ParleyNode {
  readonly api: ApiService;
  readonly profile: Profile;
  readonly dht: DhtNode;
  /** The plain SIP endpoint, when the node listens for ordinary SIP phones. */
  readonly sip: PlainSipEndpoint | undefined;
  /** This device: its key, its place in the identity's device list, its announcement. */
  readonly device: NodeDevice;
  /** Calls between Parley devices over peer connections. */
  readonly p2p: P2pEndpoint;
  /** Keeps the contact list's encrypted copy in the DHT, and restores it on a new device of the identity. */
  readonly contactSync: ContactSync;
  /** Conferences this node hosts (their focus and record) or has joined. */
  readonly conferences: NodeConferences;
  readonly #lan: { current?: LanDiscovery };
  readonly #audio: NodeAudio;
  readonly #firewall: BuddyFirewall;
  readonly #presence: NodePresence;
  readonly #lock: ProfileLock;
  readonly #state: NodeState;
  #closing: Promise<void> | undefined;
  #noticeCount = 0;

  private constructor(
    profile: Profile,
    lock: ProfileLock,
    dht: DhtNode,
    device: NodeDevice,
    p2p: P2pEndpoint,
    sip: PlainSipEndpoint | undefined,
    lan: { current?: LanDiscovery },
    audio: NodeAudio,
    firewall: BuddyFirewall,
    options: ParleyNodeOptions,
  ) {
    this.profile = profile;
    this.#firewall = firewall;
    this.#audio = audio;
    this.#lan = lan;
    this.device = device;
    this.p2p = p2p;
    this.#lock = lock;
    this.dht = dht;
    this.sip = sip;
    this.#state = { muted: false, notices: [], pendingDials: [] };
    for (const notice of profile.notices) this.#state.notices.push(this.#withId(notice));
    const log = options.log ?? ((message: string) => console.error(message));
    const emit = <E extends EventName>(name: E, payload: EventPayload<E>): void => this.api.emit(name, payload);
    const history = new NodeHistory(profile, emit);
    const presence = new NodePresence({ profile, p2p, emit, log });
    this.#presence = presence;
    const contacts = new NodeContacts(profile, firewall, (list) => emit('contactsChanged', list));
    const contactStore = new ContactListStore(dht.dht, deriveContactListKeys(profile.identity));
    this.contactSync = new ContactSync({ store: contactStore, contacts, dataDir: profile.dataDir, clock: systemClock, log });
    const calls = new NodeCalls({ p2p, ...(sip ? { sip } : {}) }, () => this.#state.muted, emit, (ended) => {
      history.record(ended).catch((error: Error) => log(`parley: the call history could not be saved: ${error.message}`));
    }, { notice: (notice) => this.raiseNotice(notice), log, conferenceCall: (uri) => this.conferences.call(uri) });
    this.conferences = new NodeConferences({
      profile,
      device: device.keyPair,
      p2p,
      sip,
      dht: dht.dht,
      mixers: () => new ConferenceMixers(),
      hostAudio: options.conferenceAudio ?? audio.policyFor({ autoAnswer: options.calls?.autoAnswer ?? false, audio: options.calls?.audio }),
      placeCall: (uri) => calls.place(uri),
      transferCall: async (callId, uri) => void (await calls.commands().transferCall({ callId, uri })),
      findCall: (callId) => calls.find(callId),
      emit,
      log,
    });
    this.api = new ApiService(
      createCommandHandlers({
        profile,
        dht,
        state: this.#state,
        appInfo: { version: packageVersion(), apiVersion: API_VERSION, shell: options.shell, dataDir: profile.dataDir },
        calls,
        audio,
        firewall,
        contacts,
        history,
        presence,
        conferences: this.conferences,
        emit: (name, payload) => this.api.emit(name, payload),
      }),
      (command, error) => log(`parley: ${command} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
    );
    dht.on('statusChanged', (status) => this.api.emit('networkStatusChanged', status));
    // A rename reaches the From of the next calls, SUBSCRIBEs and roster entries without a restart.
    this.api.on('profileChanged', ({ displayName }) => {
      p2p.ua.endpoint.rename(displayName);
      sip?.ua.endpoint.rename(displayName);
    });
    this.api.on('contactsChanged', (contacts) => presence.followContacts(contacts));
    // Buddies are looked up once the DHT can answer; a lookup before would only find nothing.
    void dht.ready().then(() => presence.start());
    void dht.ready().then(() => {
      if (!this.#closing) this.contactSync.start();
    });
    if (options.lan ?? true) this.#startLan(options, log);
  }

  static async start(options: ParleyNodeOptions): Promise<ParleyNode> {
    const lock = await ProfileLock.acquire(await ensureFolder(options.dataDir));
    // What was opened so far is closed again if a later step fails (a corrupt device file, a taken port).
    const opened: Array<() => Promise<void>> = [() => lock.release()];
    try {
      const profile = await Profile.open(options.dataDir);
      const answering = { autoAnswer: options.calls?.autoAnswer ?? false, audio: options.calls?.audio };
      const audio = new NodeAudio(profile, NodeAudio.usesDevices(answering) || NodeAudio.usesDevices(options.sip), options.mediaProcess);
      opened.push(() => audio.close());
      const sip = options.sip
        ? await PlainSipEndpoint.start({
            listen: options.sip.listen,
            autoAnswer: options.sip.autoAnswer,
            audio: audio.policyFor(options.sip),
            doNotDisturb: () => profile.settings.presence === 'busy',
            mediaWorker: () => audio.worker(),
            user: profile.identityKey,
            displayName: profile.settings.displayName,
            product: `Parley/${packageVersion()}`,
            ...(options.log ? { log: options.log } : {}),
            ...(process.env['PARLEY_SIP_TRACE'] && options.log ? { trace: options.log } : {}),
          })
        : undefined;
      if (sip) opened.push(() => sip.close());
      const dht = new DhtNode(options.bootstrap ? { bootstrap: options.bootstrap } : {});
      opened.push(() => dht.close());
      const device = await NodeDevice.open({ profile, dht, ...(options.log ? { log: options.log } : {}) });
      device.start();
      opened.push(() => device.stop());
      // Filled in once the P2P endpoint exists: the firewall closes connections it no longer admits.
      const endpointRef: { current?: P2pEndpoint } = {};
      const firewall = new BuddyFirewall({ profile, store: device.store, clock: systemClock, onChange: () => endpointRef.current?.connector.enforceFirewall() });
      opened.push(async () => firewall.stop());
      // Filled in once LAN discovery runs (in the background, after the endpoint listens).
      const lanRef: { current?: LanDiscovery } = {};
      const p2p = await P2pEndpoint.start({
        dht: dht.dht,
        identity: profile.identity,
        device: device.keyPair,
        directory: new DeviceDirectory({ dht: dht.dht, clock: systemClock }),
        store: device.store,
        autoAnswer: answering.autoAnswer,
        audio: audio.policyFor(answering),
        doNotDisturb: () => profile.settings.presence === 'busy',
        mediaWorker: () => audio.worker(),
        mediaTuning: options.calls?.mediaTuning,
        admitPeer: (key) => firewall.admits(key),
        relayThrough: options.relay,
        ownDeviceList: () => device.record(),
        displayName: profile.settings.displayName,
        product: `Parley/${packageVersion()}`,
        lan: { find: (identity) => (lanRef.current?.find(identity) ?? []).map((peer) => ({ deviceKey: peer.deviceKey, addresses: peer.addresses })) },
        log: options.log,
        ...(process.env['PARLEY_SIP_TRACE'] && options.log ? { trace: options.log } : {}),
      });
      endpointRef.current = p2p;
      void dht.ready().then(() => firewall.start());
      return new ParleyNode(profile, lock, dht, device, p2p, sip, lanRef, audio, firewall, options);
    } catch (error) {
      for (const close of opened.reverse()) await close().catch(() => undefined);
      throw error;
    }
  }

  get uri(): string {
    return this.profile.uri;
  }

  /** Devices of `identity` heard on the LAN (verified announcements), for diagnostics and tests. */
  lanPeers(identity: Uint8Array): ReadonlyArray<{ readonly deviceKey: Buffer }> {
    return this.#lan.current?.find(identity) ?? [];
  }

  /** Raises a notice for the UI (kept until dismissed, so a UI that connects later sees it). */
  raiseNotice(notice: Omit<Notice, 'id'>): void {
    const raised = this.#withId(notice);
    this.#state.notices.push(raised);
    this.api.emit('noticeRaised', raised);
  }

  /** A `sip:` link was opened: keep it until a UI takes it, and tell the UIs that listen. */
  requestDial(uri: string): void {
    this.#state.pendingDials.push(uri);
    // A user does not open dozens of links; a flood keeps the newest.
    if (this.#state.pendingDials.length > MAX_PENDING_DIALS) this.#state.pendingDials.shift();
    this.api.emit('dialRequested', { uri });
  }

  /**
   * LAN discovery in the background: a LAN without multicast only loses the LAN path. On a
   * loopback private network (tests, the demo) it stays on loopback: nothing leaves the host.
   */
  #startLan(options: ParleyNodeOptions, log: (message: string) => void): void {
    const loopbackOnly = options.bootstrap !== undefined && options.bootstrap.every((b) => isLoopbackHost(b.host));
    startLanDiscovery({
      dht: this.dht.dht,
      identity: this.profile.identity,
      device: this.device.keyPair,
      ...(loopbackOnly ? { medium: { interfaces: () => ['127.0.0.1'] } } : {}),
    }).then(
      (lan) => {
        if (this.#closing) void lan.close();
        else this.#lan.current = lan;
      },
      (error: Error) => log(`parley: LAN discovery is off: ${error.message}`),
    );
  }

  #withId(notice: Omit<Notice, 'id'>): Notice {
    return { id: `n${++this.#noticeCount}`, ...notice };
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      try {
        this.contactSync.stop();
        // Members hear the conference end (BYE, a last NOTIFY) before the endpoints close.
        await this.conferences.close();
        await this.sip?.close();
        // Watchers hear we are gone (a terminating NOTIFY each) before the connections close.
        this.#presence.close();
        await this.p2p.close();
        await this.#lan.current?.close();
        await this.#audio.close();
        this.#firewall.stop();
        await this.device.stop();
        await this.dht.close();
      } finally {
        await this.#lock.release();
      }
    })();
    return this.#closing;
  }
}

async function ensureFolder(dataDir: string): Promise<string> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  return dataDir;
}
