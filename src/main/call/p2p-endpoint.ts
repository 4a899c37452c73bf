import { randomBytes } from 'node:crypto';
import type HyperDHT from 'hyperdht';
import { systemClock, type Clock } from '../clock.js';
import { addressOfRecord, identityKeyOf } from '../identity/address-of-record.js';
import type { KeyPair } from '../identity/identity-key-pair.js';
import type { HostPort } from '../p2p/bootstrap-address.js';
import type { AnnouncedListener, DeviceDirectory } from '../p2p/device-directory.js';
import { decodeDeviceList, listsDevice, type DeviceList } from '../p2p/device-list-record.js';
import type { DeviceListStore } from '../p2p/device-list-store.js';
import { PeerConnector } from '../p2p/peer-connector.js';
import type { PeerConnection } from '../p2p/peer-connection.js';
import { formatUri, getFrom, type SipRequest } from '../sip/message/index.js';
import { createTransportLayer, type TransportAddress, type TransportLayer } from '../sip/transport/index.js';
import {
  UserAgentCore,
  type EventPackage,
  type IncomingInvite,
  type IncomingSubscription,
  type InviteFailure,
  type SubscribeOptions,
  type Subscription,
} from '../sip/ua/index.js';
import { localEndpoint } from './answer-offer.js';
import type { CallAudioPlan } from './call-audio.js';
import type { CallContext } from './call-context.js';
import { CallEndpoint, type CallEndpointOptions } from './call-endpoint.js';
import { CallError } from './call-error.js';
import { CallMedia, type MediaTuning } from './call-media.js';
import { deviceHost, resolveParleyDestination } from './parley-address.js';
import { failureReason, sendBranch, settleBranch, type InviteBranch, type InviteExtras } from './place-call.js';
import { SipCall } from './sip-call.js';

/** How long a lookup may run when the LAN already knows devices of the callee. */
const LAN_LOOKUP_GRACE_MS = 1500;

const delay = <T>(ms: number, value: T): Promise<T> => new Promise((resolve) => setTimeout(() => resolve(value), ms).unref());

/**
 * The caller's signed device list, base64, in its INVITEs (an extension header: a plain SIP
 * peer never sees it). About 900 characters for 8 devices, on a stream transport.
 */
export const DEVICE_LIST_HEADER = 'Parley-Device-List';

/** The verified list a request presents for `caller`, or undefined (absent, not base64, forged, another identity's). */
function presentedList(request: SipRequest, caller: Uint8Array): DeviceList | undefined {
  const text = request.headers.first(DEVICE_LIST_HEADER);
  if (!text || text.length > 4096 || !/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return undefined;
  const decoded = decodeDeviceList(Buffer.from(text, 'base64'), caller);
  return decoded.ok ? decoded.list : undefined;
}

/** The m= transport of RTP on a Parley peer connection (sdp/offer-answer.ts). */
export const PARLEY_RTP = 'PARLEY/RTP/AVP';

/** A device to try: found by lookup (with the nodes that relay to it) or on the LAN (its own node). */
export interface Reachable {
  readonly deviceKey: Buffer;
  readonly relayAddresses: readonly HostPort[];
}

/**
 * An event package served to Parley devices (RFC 6665): like the UA's, but a SUBSCRIBE reaches
 * `onSubscribe` only once admitted, with the identity whose list names the subscribing device.
 */
export interface PeerEventPackage extends Omit<EventPackage, 'onSubscribe'> {
  readonly onSubscribe: (subscription: IncomingSubscription, subscriber: { readonly identity: Uint8Array; readonly deviceKey: Buffer }) => void;
}

/** A request from a peer connection admitted for an identity, or refused (403) with the reason. */
type Admission =
  | { readonly ok: true; readonly connection: PeerConnection; readonly identity: Uint8Array }
  | { readonly ok: false; readonly connection: PeerConnection | undefined; readonly reason: string };

/** How `P2pEndpoint.place` places a call (see there). */
export interface P2pPlaceOptions {
  readonly plan?: CallAudioPlan | undefined;
  /** Where to INVITE; `connect` may be called early for a device heard of before the list is complete. */
  readonly devices?: ((connect: AnnouncedListener) => Promise<readonly Reachable[]>) | undefined;
  readonly untracked?: boolean | undefined;
  readonly extras?: InviteExtras | undefined;
}

/** What the LAN discovery offers the endpoint (p2p/lan-discovery.ts). */
export interface LanDevices {
  find(identityKey: Uint8Array): ReadonlyArray<{ readonly deviceKey: Buffer; readonly addresses: readonly HostPort[] }>;
}

export interface P2pEndpointOptions extends CallEndpointOptions {
  /** The node's HyperDHT instance: lookups, records and connections. */
  readonly dht: HyperDHT;
  /** The identity this device speaks for (its public key is our address-of-record). */
  readonly identity: KeyPair;
  /** This device's key pair: connections are made and accepted with it. */
  readonly device: KeyPair;
  readonly directory: DeviceDirectory;
  /** Reads callers' device lists to check the device a call comes from. */
  readonly store: DeviceListStore;
  readonly displayName: string;
  readonly product: string;
  /**
   * This identity's signed device list as last seen (the DHT record), sent with each INVITE so
   * the callee can admit our device without a DHT read.
   */
  readonly ownDeviceList?: (() => Buffer | undefined) | undefined;
  /** A relay node (its public key) for peers that cannot hole-punch to us or we to them. */
  readonly relayThrough?: Buffer | undefined;
  /** Buddies-only: whether a device may connect at all (HyperDHT's firewall); everyone when absent. */
  readonly admitPeer?: ((deviceKey: Buffer) => boolean) | undefined;
  /** Devices heard on the LAN, tried when the DHT has none (no bootstrap reachable). */
  readonly lan?: LanDevices | undefined;
  readonly mediaTuning?: MediaTuning | undefined;
  readonly clock?: Clock | undefined;
  readonly trace?: ((line: string) => void) | undefined;
  readonly log?: ((line: string) => void) | undefined;
}

/**
 * Parley calls without a server (issue 5): a SIP UA whose only transport is the Noise-encrypted
 * peer connection to each device (DESIGN.md, "Mapping the studies onto HyperDHT"). Calling a
 * URI looks its identity up, keeps the devices its signed list names, connects to each and
 * forks the INVITE: the first 2xx wins and the others are cancelled. An INVITE is admitted only
 * from a device the caller's identity lists (else 403), and its RTP rides the same connection.
 */
export class P2pEndpoint extends CallEndpoint {
  /** `sip:<identity>@parley.invalid`. */
  readonly aor: string;
  readonly connector: PeerConnector;
  readonly transport: TransportLayer;
  readonly #options: P2pEndpointOptions;
  readonly #log: (line: string) => void;
  /** The identities (hex) each open connection's device was verified for. */
  readonly #admitted = new WeakMap<PeerConnection, Set<string>>();
  /** The devices the last lookup of each identity (hex) found. */
  readonly #known = new Map<string, Buffer[]>();

  private constructor(ua: UserAgentCore, transport: TransportLayer, connector: PeerConnector, aor: string, options: P2pEndpointOptions) {
    super(ua, options);
    this.aor = aor;
    this.transport = transport;
    this.connector = connector;
    this.#options = options;
    this.#log = options.log ?? (() => undefined);
    connector.on('connectionOpened', (connection) => {
      transport.attachStream(connection.sipStream, { protocol: 'PARLEY', host: connection.remoteDeviceKeyHex, port: 0 });
    });
    ua.onIncomingInvite((invite) => void this.#admit(invite));
  }

  static async start(options: P2pEndpointOptions): Promise<P2pEndpoint> {
    const clock = options.clock ?? systemClock;
    const connector = new PeerConnector({
      dht: options.dht,
      keyPair: options.device,
      clock,
      ...(options.admitPeer ? { admitPeer: options.admitPeer } : {}),
      ...(options.relayThrough ? { relayThrough: options.relayThrough } : {}),
    });
    // Listening announces the device key on the DHT; offline that takes a timeout, so it runs
    // in the background and calls go out meanwhile.
    connector.listen().catch((error: Error) => options.log?.(`parley: not accepting P2P calls: ${error.message}`));
    const transport = await createTransportLayer({ clock, stream: { sentBy: { host: deviceHost(options.device.publicKey) } } });
    const aor = addressOfRecord(options.identity.publicKey);
    const ua = new UserAgentCore({
      transport,
      clock,
      aor,
      displayName: options.displayName,
      product: options.product,
      resolveDestination: resolveParleyDestination,
      ...(options.trace ? { log: options.trace } : {}),
    });
    return new P2pEndpoint(ua, transport, connector, aor, options);
  }

  /**
   * Calls a Parley address (`sip:<identity>@parley.invalid`). Resolves at once with the call;
   * its phases follow as events: `progress` (lookup, connecting), `ringing`, `established`,
   * or `ended` with 480 (no device online), 408 (none reachable) or the callee's answer.
   */
  call(target: string, plan?: CallAudioPlan): SipCall {
    return this.place(target, plan ? { plan } : {});
  }

  /**
   * `call` with more to say: `devices` finds where to INVITE instead of a lookup of the target's
   * identity (a conference URI at its focus, found in the conference record), `untracked` keeps
   * the call out of `calls` (a focus's call to someone it invites is not the user's call), and
   * `extras` go on the INVITE (`isfocus`).
   */
  place(target: string, options: P2pPlaceOptions): SipCall {
    const identity = identityKeyOf(target);
    const devices = options.devices ?? (identity ? (connect: AnnouncedListener) => this.#reachable(Buffer.from(identity), connect) : undefined);
    if (!devices) throw new CallError('CALL_BAD_TARGET', `${target.slice(0, 200)} is not a Parley address (sip:<identity>@parley.invalid)`);
    const audio = options.plan ?? this.planAudio('', 'outgoing');
    const call = new SipCall({ callId: `p2p-${randomBytes(9).toString('base64url')}`, direction: 'outgoing', from: this.aor, to: target }, audio);
    if (!options.untracked) this.track(call);
    // On the next turn: the caller subscribes to the call's phases before the first is told.
    queueMicrotask(() =>
      this.#fork(call, devices, target, audio, options.extras ?? {}).catch((error: Error) => {
        this.#log(`parley: calling ${target} failed: ${error.message}`);
        void call.end(`failed: ${error.message}`, 500);
      }),
    );
    return call;
  }

  /** The identity's listed devices online now (a fresh lookup; the LAN's when the DHT knows none), this device left out. */
  findDevices(identity: Uint8Array): Promise<Reachable[]> {
    return this.#reachable(Buffer.from(identity), () => undefined, { fresh: true });
  }

  /**
   * SUBSCRIBE to `target` at one device over its open connection (see `connector.connect`),
   * with our signed device list, so the device admits us without a DHT read.
   */
  subscribeAt(deviceKey: Uint8Array, target: string, options: SubscribeOptions): Subscription {
    const list = this.#options.ownDeviceList?.();
    return this.ua.subscribe(target, {
      ...options,
      destination: { protocol: 'PARLEY', host: Buffer.from(deviceKey).toString('hex'), port: 0 },
      headers: [...(options.headers ?? []), ...(list ? [[DEVICE_LIST_HEADER, list.toString('base64')] as const] : [])],
    });
  }

  /** Serves an event package to Parley devices; a SUBSCRIBE from a device its From identity does not list gets 403. */
  serveEvents(name: string, eventPackage: PeerEventPackage): void {
    this.ua.setEventPackage(name, {
      defaultExpires: eventPackage.defaultExpires,
      ...(eventPackage.minExpires === undefined ? {} : { minExpires: eventPackage.minExpires }),
      ...(eventPackage.maxExpires === undefined ? {} : { maxExpires: eventPackage.maxExpires }),
      onSubscribe: (subscription) => void this.#admitSubscription(subscription, eventPackage),
    });
  }

  /**
   * Ends the calls (BYE) and every subscription, served ones with a terminating NOTIFY (the UA's
   * close), before the connections close: what was written still goes out (PeerConnection.close).
   */
  async close(): Promise<void> {
    await this.closeCalls();
    await this.connector.close();
    await this.transport.close();
  }

  async #fork(call: SipCall, find: (connect: AnnouncedListener) => Promise<readonly Reachable[]>, target: string, plan: CallAudioPlan, extras: InviteExtras): Promise<void> {
    // The user may hang up during any await below.
    const over = (): boolean => call.state === 'ended';
    call.emit('progress', { phase: 'lookup' });
    // Connecting starts as soon as a device is heard announced, while the signed list is still
    // being read: the two overlap. Nothing is sent on a connection before the list names its device.
    const connecting = new Map<string, Promise<PeerConnection>>();
    const connect = (deviceKey: Buffer, relayAddresses: readonly HostPort[]): Promise<PeerConnection> => {
      const key = deviceKey.toString('hex');
      let pending = connecting.get(key);
      if (!pending) {
        pending = this.connector.connect(deviceKey, { relayAddresses });
        pending.catch(() => undefined); // a device the list does not name may never be awaited
        connecting.set(key, pending);
      }
      return pending;
    };
    const devices = await find((deviceKey, relayAddresses) => {
      if (!deviceKey.equals(this.#options.device.publicKey)) void connect(deviceKey, relayAddresses);
    });
    if (over()) return;
    if (devices.length === 0) return void call.end('offline: no device of this address is online', 480);
    call.emit('progress', { phase: 'connecting', devices: devices.length });
    const settled = await Promise.allSettled(devices.map((device) => connect(device.deviceKey, device.relayAddresses)));
    const connections = settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    if (over()) return;
    if (connections.length === 0) {
      const identity = identityKeyOf(target);
      if (identity) this.#options.directory.forget(identity);
      const reasons = settled.flatMap((result) => (result.status === 'rejected' ? [(result.reason as Error).message] : []));
      return void call.end(`unreachable: no device could be reached (${reasons.join('; ')})`, 408);
    }
    const branches: InviteBranch[] = [];
    const failures: InviteFailure[] = [];
    let winner: InviteBranch | undefined;
    const hooks = {
      won: (branch: InviteBranch): boolean => {
        if (winner) return false;
        winner = branch;
        call.attachMedia(branch.media);
        // The other devices stop ringing (RFC 3261 §16.7: CANCEL the pending branches).
        for (const other of branches) if (other !== branch) other.invite.cancel();
        return true;
      },
      failed: (_branch: InviteBranch, failure: InviteFailure): void => {
        failures.push(failure);
        if (!winner && failures.length === branches.length && !over()) {
          const best = bestFailure(failure, failures);
          void call.end(failureReason(best), best.status);
        }
      },
    };
    for (const connection of connections) {
      if (over()) break;
      const branch = await sendBranch(this.#context(connection), target, plan, { protocol: 'PARLEY', host: connection.remoteDeviceKeyHex, port: 0 }, extras);
      branches.push(branch);
      settleBranch(this.#context(connection), call, branch, hooks);
    }
    // Hung up while the branches were being sent: the call's own hangUp cancelled those it knew.
    if (over()) for (const branch of branches) branch.invite.cancel();
  }

  /** The identity's listed, announced devices; the LAN's when the DHT knows none. `fresh` skips the lookup cache. */
  async #reachable(identity: Buffer, onAnnounced: AnnouncedListener, options: { readonly fresh?: boolean } = {}): Promise<Reachable[]> {
    // Warm: devices of this identity we still hold a connection to need no lookup (one round
    // trip to ring); a lookup in the background refreshes what is known for the next call.
    const warm = (this.#known.get(identity.toString('hex')) ?? []).filter((key) => this.connector.connectionTo(key)?.isOpen);
    if (warm.length > 0) {
      void this.#lookUp(identity);
      return warm.map((deviceKey) => ({ deviceKey, relayAddresses: [] }));
    }
    const onLan = this.#options.lan?.find(identity) ?? [];
    const lookingUp = this.#lookUp(identity, onAnnounced, options.fresh);
    // Devices heard on the LAN need no DHT: a DHT that cannot answer (no internet) must not hold the call up.
    const lookup = onLan.length > 0 ? await Promise.race([lookingUp, delay(LAN_LOOKUP_GRACE_MS, null)]) : await lookingUp;
    const found: Reachable[] = lookup?.ok ? lookup.devices.map((device) => ({ deviceKey: device.publicKey, relayAddresses: device.relayAddresses })) : [];
    for (const peer of onLan) {
      if (!found.some((device) => device.deviceKey.equals(peer.deviceKey))) found.push({ deviceKey: peer.deviceKey, relayAddresses: peer.addresses });
    }
    if (lookup && !lookup.ok && found.length === 0) this.#log(`parley: looking up ${addressOfRecord(identity)} found nothing (${lookup.error.code})`);
    return found.filter((device) => !device.deviceKey.equals(this.#options.device.publicKey));
  }

  /** A lookup whose listed, announced devices are remembered for warm calls. */
  async #lookUp(identity: Buffer, onAnnounced?: AnnouncedListener, fresh = false): ReturnType<DeviceDirectory['lookup']> {
    const lookup = await this.#options.directory.lookup(identity, { fresh, ...(onAnnounced ? { onAnnounced } : {}) });
    if (lookup.ok) this.#known.set(identity.toString('hex'), lookup.devices.map((device) => device.publicKey));
    return lookup;
  }

  /** An INVITE rings only from a device its caller's identity lists (else 403). */
  async #admit(invite: IncomingInvite): Promise<void> {
    const admission = await this.#admitDevice(invite.request, invite.source, (caller) => {
      this.#log(`parley: ${addressOfRecord(caller)}'s device list no longer names the calling device; ending call ${invite.callId}`);
      this.calls.get(invite.callId)?.hangUp();
    });
    if (!admission.ok) return this.answer(invite, this.#context(admission.connection), { status: 403, reason: admission.reason });
    return this.answer(invite, this.#context(admission.connection));
  }

  /** A SUBSCRIBE reaches its package only from a device its subscriber's identity lists (else 403). */
  async #admitSubscription(subscription: IncomingSubscription, eventPackage: PeerEventPackage): Promise<void> {
    const what = subscription.event.eventPackage;
    const admission = await this.#admitDevice(subscription.request, subscription.source, (subscriber) => {
      this.#log(`parley: ${addressOfRecord(subscriber)}'s device list no longer names the subscribing device; ending its ${what} subscription`);
      subscription.terminate('rejected');
    });
    if (subscription.state !== 'requested') return;
    if (!admission.ok) {
      this.#log(`parley: a ${what} SUBSCRIBE refused with 403: ${admission.reason}`);
      return subscription.reject(403);
    }
    try {
      eventPackage.onSubscribe(subscription, { identity: admission.identity, deviceKey: admission.connection.remoteDeviceKey });
    } catch (error) {
      this.#log(`parley: serving a ${what} subscription failed: ${(error as Error).message}`);
      if (subscription.state === 'requested') subscription.reject(500);
    }
  }

  /**
   * The one admission check of INVITE and SUBSCRIBE (DESIGN.md: "Peers accept a device only if
   * that list names it"): the request must come over a peer connection, its From must be a
   * Parley address, and that identity's signed list must name the connection's device.
   * `revoked` runs when a quick admission on the list the request presented is overturned by
   * the identity's latest list (a removal wins).
   */
  async #admitDevice(request: SipRequest, source: TransportAddress, revoked: (identity: Uint8Array) => void): Promise<Admission> {
    const connection = source.protocol === 'PARLEY' ? this.connector.connectionTo(Buffer.from(source.host, 'hex')) : undefined;
    if (!connection) return { ok: false, connection, reason: 'Not on a Parley peer connection' };
    const from = getFrom(request);
    const caller = from.ok ? identityKeyOf(formatUri(from.value.uri)) : null;
    if (!caller) return { ok: false, connection, reason: 'The caller is not a Parley address' };
    const identity = Buffer.from(caller).toString('hex');
    // A device once admitted for an identity stays admitted while its connection lives: a warm
    // call rings after one round trip instead of a DHT read (a removal applies from its next
    // connection on).
    if (!this.#admitted.get(connection)?.has(identity)) {
      const presented = presentedList(request, caller);
      if (presented && listsDevice(presented, connection.remoteDeviceKey)) {
        // The caller's own signed list names its device: admitted at once. The latest list is read
        // in the background, and a device it no longer names loses what it was admitted for.
        void this.#confirmAdmission(caller, connection, revoked);
      } else {
        const list = await this.#options.store.read(caller);
        // With no DHT reachable (a LAN without internet), the identity's signature binding the device
        // in its LAN announcement stands in for the list (lan-announcement.ts verified it).
        const listed = list.ok
          ? listsDevice(list.list, connection.remoteDeviceKey)
          : (this.#options.lan?.find(caller) ?? []).some((device) => device.deviceKey.equals(connection.remoteDeviceKey));
        if (!listed) return { ok: false, connection, reason: 'This device is not on the caller identity\'s device list' };
      }
      const admitted = this.#admitted.get(connection) ?? new Set<string>();
      admitted.add(identity);
      this.#admitted.set(connection, admitted);
    }
    return { ok: true, connection, identity: caller };
  }

  /** Reads the identity's latest list after a quick admission; a device it no longer names loses the connection's admission. */
  async #confirmAdmission(caller: Uint8Array, connection: PeerConnection, revoked: (identity: Uint8Array) => void): Promise<void> {
    const latest = await this.#options.store.read(caller);
    if (!latest.ok || listsDevice(latest.list, connection.remoteDeviceKey)) return;
    this.#admitted.get(connection)?.delete(Buffer.from(caller).toString('hex'));
    revoked(caller);
  }

  /** How a call on `connection` makes its SDP and media: RTP on a datagram channel of that connection. */
  #context(connection: PeerConnection | undefined): CallContext {
    const host = deviceHost(this.#options.device.publicKey);
    return {
      ua: this.ua,
      localEndpoint: () => ({ ...localEndpoint(host), protocol: PARLEY_RTP }),
      openMedia: async (name, plan, shape, offered) => {
        if (!connection?.isOpen) throw new CallError('CALL_UNAVAILABLE', 'the peer connection closed');
        // Both ends use the channel the offer names; the offerer allocates it from its half.
        const channel = connection.openDatagramChannel(offered ? offered.remotePort : connection.allocateDatagramChannelId());
        try {
          return await CallMedia.create(plan.mediaWorker ?? this.mediaWorker(), name, plan, { kind: 'channel', channel }, shape, this.#options.mediaTuning);
        } catch (error) {
          channel.close();
          throw error;
        }
      },
      inviteHeaders: () => {
        const list = this.#options.ownDeviceList?.();
        return list ? [[DEVICE_LIST_HEADER, list.toString('base64')]] : [];
      },
      log: this.#log,
    };
  }

}

/** The answer a caller is shown when every device failed: a person's refusal beats silence (RFC 3261 §16.7 step 6, simplified). */
function bestFailure(last: InviteFailure, failures: readonly InviteFailure[]): InviteFailure {
  const rank = (failure: InviteFailure): number => {
    if (failure.status === 603 || failure.status === 486 || failure.status === 600) return 0;
    if (failure.response && failure.status >= 400 && failure.status < 500 && failure.status !== 408) return 1;
    if (failure.response) return 2;
    return 3;
  };
  return failures.reduce((best, failure) => (rank(failure) < rank(best) ? failure : best), last);
}
