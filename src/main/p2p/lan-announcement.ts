import { signDetached, verifyDetached, type KeyPair } from '../identity/identity-key-pair.js';

/**
 * The LAN discovery wire format: every datagram Parley sends to its LAN multicast group, as
 * encode/decode pairs (one place for this truth). Two messages:
 *
 * Announcement, 208 bytes, big-endian:
 *
 * | offset | bytes | field |
 * |---|---|---|
 * | 0 | 4 | magic "PLAN" |
 * | 4 | 1 | version (1) |
 * | 5 | 1 | type (1 = announcement) |
 * | 6 | 32 | identity public key |
 * | 38 | 32 | device public key |
 * | 70 | 64 | device binding: the identity's signature over the device key |
 * | 134 | 2 | UDP port of the device's DHT node (its server takes handshakes there) |
 * | 136 | 2 | TTL in seconds; 0 = goodbye (the device is leaving, as in RFC 6762 §10.1) |
 * | 138 | 6 | timestamp, milliseconds since the epoch |
 * | 144 | 64 | the device's signature over LAN_ANNOUNCEMENT_DOMAIN ‖ bytes 0–143 |
 *
 * The host is not in the message: the receiver takes the datagram's source address, which is
 * the sender's address on the network the receiver shares with it (a device on two networks is
 * heard on each with the right address).
 *
 * Query, 38 bytes: magic, version, type 2, and the querier's device key (unsigned: it only asks
 * everyone to announce now, and lets the querier ignore its own query looped back to it).
 *
 * Why the device binding: with no DHT reachable, the identity's device list cannot be fetched,
 * so without it anyone on the LAN could claim to be a device of any identity. The binding is the
 * identity's own signature, so a claim needs the identity's secret key.
 */
export const LAN_MAGIC = Buffer.from('PLAN', 'latin1');
export const LAN_VERSION = 1;
export const LAN_ANNOUNCEMENT_BYTES = 208;
export const LAN_QUERY_BYTES = 38;
/** Anything longer is dropped before it is parsed (the largest message we send is 208). */
export const LAN_MAX_DATAGRAM_BYTES = 512;
/**
 * How far an announcement's timestamp may be from our wall clock. A LAN with no internet may
 * have no time server either, so clocks drift; 5 minutes is the skew Kerberos tolerates for the
 * same trade (replay window against unsynchronised clocks, RFC 4120 §1.6).
 */
export const LAN_MAX_CLOCK_SKEW_MS = 5 * 60_000;
/** A received TTL is capped so a bad sender cannot keep a vanished device listed for hours. */
export const LAN_MAX_TTL_SECONDS = 600;

/** Signatures are made over a domain prefix so a LAN signature is never valid anywhere else. */
const LAN_ANNOUNCEMENT_DOMAIN = Buffer.from('parley/lan-announcement/v1', 'utf8');
const DEVICE_BINDING_DOMAIN = Buffer.from('parley/device-binding/v1', 'utf8');

const TYPE_ANNOUNCEMENT = 1;
const TYPE_QUERY = 2;
const KEY_BYTES = 32;
const SIGNATURE_BYTES = 64;
const SIGNED_BYTES = LAN_ANNOUNCEMENT_BYTES - SIGNATURE_BYTES;
const OFFSET = { identityKey: 6, deviceKey: 38, deviceBinding: 70, port: 134, ttl: 136, timestamp: 138, signature: 144 } as const;
const MAX_TIMESTAMP = 2 ** 48 - 1;

export interface LanAnnouncement {
  readonly type: 'announcement';
  readonly identityKey: Buffer;
  readonly deviceKey: Buffer;
  readonly deviceBinding: Buffer;
  readonly port: number;
  /** 0 = goodbye; otherwise capped at LAN_MAX_TTL_SECONDS on decode. */
  readonly ttlSeconds: number;
  /** Milliseconds since the epoch, by the sender's wall clock. */
  readonly timestamp: number;
}

export interface LanQuery {
  readonly type: 'query';
  readonly deviceKey: Buffer;
}

export type LanMessage = LanAnnouncement | LanQuery;

/** Why a datagram was dropped; each has a counter in LanDiscovery. */
export type LanDropReason = 'oversized' | 'malformed' | 'stale' | 'forged';

export type LanDecodeResult = { ok: true; message: LanMessage } | { ok: false; reason: LanDropReason };

export interface LanAnnouncementFields {
  identityKey: Uint8Array;
  deviceBinding: Uint8Array;
  device: KeyPair;
  port: number;
  ttlSeconds: number;
  timestamp: number;
}

/** The identity's signature that the device key is one of its devices (carried in every announcement). */
export function signDeviceBinding(identity: KeyPair, deviceKey: Uint8Array): Buffer {
  return signDetached(Buffer.concat([DEVICE_BINDING_DOMAIN, deviceKey]), identity);
}

export function verifyDeviceBinding(identityKey: Uint8Array, deviceKey: Uint8Array, binding: Uint8Array): boolean {
  return safeVerify(Buffer.concat([DEVICE_BINDING_DOMAIN, deviceKey]), binding, identityKey);
}

export function encodeLanAnnouncement(fields: LanAnnouncementFields): Buffer {
  const { identityKey, deviceBinding, device, port, ttlSeconds, timestamp } = fields;
  if (identityKey.length !== KEY_BYTES || device.publicKey.length !== KEY_BYTES) throw new RangeError('keys have 32 bytes');
  if (deviceBinding.length !== SIGNATURE_BYTES) throw new RangeError('a device binding is a 64-byte signature');
  if (!Number.isInteger(port) || port < 1 || port > 0xffff) throw new RangeError(`port ${port} is not 1–65535`);
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 0 || ttlSeconds > 0xffff) throw new RangeError(`TTL ${ttlSeconds} does not fit 16 bits`);
  if (!Number.isInteger(timestamp) || timestamp < 0 || timestamp > MAX_TIMESTAMP) throw new RangeError(`timestamp ${timestamp} does not fit 48 bits`);
  const datagram = Buffer.alloc(LAN_ANNOUNCEMENT_BYTES);
  writeHeader(datagram, TYPE_ANNOUNCEMENT);
  datagram.set(identityKey, OFFSET.identityKey);
  datagram.set(device.publicKey, OFFSET.deviceKey);
  datagram.set(deviceBinding, OFFSET.deviceBinding);
  datagram.writeUInt16BE(port, OFFSET.port);
  datagram.writeUInt16BE(ttlSeconds, OFFSET.ttl);
  datagram.writeUIntBE(timestamp, OFFSET.timestamp, 6);
  signDetached(signedPart(datagram), device).copy(datagram, OFFSET.signature);
  return datagram;
}

export function encodeLanQuery(deviceKey: Uint8Array): Buffer {
  if (deviceKey.length !== KEY_BYTES) throw new RangeError('keys have 32 bytes');
  const datagram = Buffer.alloc(LAN_QUERY_BYTES);
  writeHeader(datagram, TYPE_QUERY);
  datagram.set(deviceKey, 6);
  return datagram;
}

/**
 * Parses one datagram from the network. Total: any input gives a message or a reason, never an
 * exception. Cheap checks come first so a flood of junk or replays costs no signature checks.
 */
export function decodeLanMessage(datagram: Uint8Array, wallNow: number): LanDecodeResult {
  if (datagram.length > LAN_MAX_DATAGRAM_BYTES) return { ok: false, reason: 'oversized' };
  const bytes = Buffer.from(datagram.buffer, datagram.byteOffset, datagram.byteLength);
  if (bytes.length < 6 || !bytes.subarray(0, 4).equals(LAN_MAGIC) || bytes[4] !== LAN_VERSION) return { ok: false, reason: 'malformed' };
  if (bytes[5] === TYPE_QUERY) {
    if (bytes.length !== LAN_QUERY_BYTES) return { ok: false, reason: 'malformed' };
    return { ok: true, message: { type: 'query', deviceKey: Buffer.from(bytes.subarray(6, 38)) } };
  }
  if (bytes[5] !== TYPE_ANNOUNCEMENT || bytes.length !== LAN_ANNOUNCEMENT_BYTES) return { ok: false, reason: 'malformed' };
  const port = bytes.readUInt16BE(OFFSET.port);
  if (port === 0) return { ok: false, reason: 'malformed' };
  const timestamp = bytes.readUIntBE(OFFSET.timestamp, 6);
  if (Math.abs(timestamp - wallNow) > LAN_MAX_CLOCK_SKEW_MS) return { ok: false, reason: 'stale' };
  const identityKey = Buffer.from(bytes.subarray(OFFSET.identityKey, OFFSET.deviceKey));
  const deviceKey = Buffer.from(bytes.subarray(OFFSET.deviceKey, OFFSET.deviceBinding));
  const deviceBinding = Buffer.from(bytes.subarray(OFFSET.deviceBinding, OFFSET.port));
  const signature = bytes.subarray(OFFSET.signature, LAN_ANNOUNCEMENT_BYTES);
  if (!safeVerify(signedPart(bytes), signature, deviceKey)) return { ok: false, reason: 'forged' };
  if (!verifyDeviceBinding(identityKey, deviceKey, deviceBinding)) return { ok: false, reason: 'forged' };
  const ttlSeconds = Math.min(bytes.readUInt16BE(OFFSET.ttl), LAN_MAX_TTL_SECONDS);
  return { ok: true, message: { type: 'announcement', identityKey, deviceKey, deviceBinding, port, ttlSeconds, timestamp } };
}

function writeHeader(datagram: Buffer, type: number): void {
  LAN_MAGIC.copy(datagram, 0);
  datagram[4] = LAN_VERSION;
  datagram[5] = type;
}

function signedPart(announcement: Buffer): Buffer {
  return Buffer.concat([LAN_ANNOUNCEMENT_DOMAIN, announcement.subarray(0, SIGNED_BYTES)]);
}

/** A key that is not a valid curve point makes node:crypto throw; on the wire that is a forgery. */
function safeVerify(message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean {
  try {
    return verifyDetached(message, signature, publicKey);
  } catch {
    return false;
  }
}
