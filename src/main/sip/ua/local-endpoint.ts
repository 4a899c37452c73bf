/**
 * Who this UA is on the wire: its address-of-record (From of requests outside dialogs), its
 * Contact and Via for each transport, and the identifiers it mints — branches (§8.1.1.7), tags
 * (§19.3) and Call-IDs (§8.1.1.4), all from an injected source of randomness so tests can fix them.
 */
import { randomBytes } from 'node:crypto';
import {
  createVia,
  formatNameAddr,
  formatUri,
  formatVia,
  type NameAddr,
  param,
  parseUri,
  sipUri,
  type SipUri,
  uriParam,
} from '../message/index.js';
import { generateBranch } from '../transaction/generate-branch.js';
import type { SipTransportLayer, TransportAddress, TransportProtocol } from '../transport/sip-transport.js';
import { transportParam } from './resolve-destination.js';
import { SipUaError } from './sip-ua-error.js';

export interface LocalEndpointOptions {
  readonly transport: SipTransportLayer;
  /** Our address-of-record, e.g. `sip:alice@parley.invalid`. */
  readonly aor: string;
  readonly displayName?: string;
  /** The user part of our Contact; the AoR's user by default. */
  readonly contactUser?: string;
  readonly random?: (size: number) => Uint8Array;
}

export function parseSipUriOrThrow(text: string, what: string): SipUri {
  const uri = parseUri(text);
  if (!uri || uri.kind !== 'sip') throw new SipUaError('UA_INVALID_URI', `${what} is not a SIP URI: ${JSON.stringify(text)}`);
  return uri;
}

export class LocalEndpoint {
  readonly aor: SipUri;
  #displayName: string | undefined;
  readonly #transport: SipTransportLayer;
  readonly #contactUser: string | undefined;
  readonly #random: (size: number) => Uint8Array;

  /** The name in our From of new requests; a label for people, changed when the user renames themselves. */
  get displayName(): string | undefined {
    return this.#displayName;
  }

  /** Dialogs under way keep the From they started with (RFC 3261 §12.2.1.1); new ones take this name. */
  rename(displayName: string | undefined): void {
    this.#displayName = displayName;
  }

  constructor(options: LocalEndpointOptions) {
    this.aor = parseSipUriOrThrow(options.aor, 'the address-of-record');
    this.#displayName = options.displayName;
    this.#transport = options.transport;
    this.#contactUser = options.contactUser ?? this.aor.user;
    this.#random = options.random ?? randomBytes;
  }

  /** A new RFC 3261 branch (magic cookie + 128 random bits). */
  newBranch(): string {
    return generateBranch(this.#random);
  }

  /** §19.3: "at least 32 bits of randomness"; we use 64. */
  newTag(): string {
    return Buffer.from(this.#random(8)).toString('hex');
  }

  /** §8.1.1.4: globally unique over space and time; 128 random bits. */
  newCallId(): string {
    return Buffer.from(this.#random(16)).toString('hex');
  }

  localAddress(protocol: TransportProtocol): TransportAddress {
    const address = this.#transport.localAddress(protocol);
    if (!address) throw new SipUaError('UA_NO_LOCAL_ADDRESS', `the transport has no local ${protocol} address`);
    return address;
  }

  /** The Via for a request sent over `protocol` (§8.1.1.7), asking for rport on UDP (RFC 3581 §3). */
  via(protocol: TransportProtocol, branch: string): string {
    const local = this.localAddress(protocol);
    return formatVia(createVia({ transport: protocol, host: local.host, port: local.port, branch, rport: protocol === 'UDP' }));
  }

  /** Our Contact URI for `protocol` (§8.1.1.8): where the peer sends requests in the dialog. */
  contactUri(protocol: TransportProtocol): SipUri {
    const local = this.localAddress(protocol);
    const transport = transportParam(protocol);
    return sipUri({
      ...(this.#contactUser === undefined ? {} : { user: this.#contactUser }),
      host: local.host,
      port: local.port,
      params: transport === undefined ? [] : [{ name: 'transport', value: transport }],
    });
  }

  /** The Contact header value, always in name-addr form. */
  contact(protocol: TransportProtocol): string {
    return `<${formatUri(this.contactUri(protocol))}>`;
  }

  /** From for a request outside a dialog: our AoR with a fresh tag (§8.1.1.3). */
  from(tag: string, aor: SipUri = this.aor): string {
    const address: NameAddr = { uri: aor, params: [param('tag', tag)], ...(this.displayName === undefined ? {} : { displayName: this.displayName }) };
    return formatNameAddr(address);
  }

  /** Whether a Contact URI is one of ours, for a registrar's 200 that lists every binding (§10.2.4). */
  isOwnContact(uri: SipUri, protocol: TransportProtocol): boolean {
    const own = this.contactUri(protocol);
    const port = (u: SipUri): number => u.port ?? 5060;
    const transport = (u: SipUri): string => String(uriParam(u, 'transport') ?? 'udp').toLowerCase();
    return own.host.toLowerCase() === uri.host.toLowerCase() && port(own) === port(uri) && own.user === uri.user && transport(own) === transport(uri);
  }
}
