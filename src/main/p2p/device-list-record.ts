import { CodedError } from '../coded-error.js';
import { isDeviceName } from '../identity/device-name.js';
import type { KeyPair } from '../identity/identity-key-pair.js';
import { decodeStrictUtf8 } from '../strict-utf8.js';
import { FRAME_HEAD_BYTES, SIGNATURE_BYTES, SignedRecordFrame, type FrameFault, type FrameProblem } from './signed-record-frame.js';

/**
 * The device list of an identity: which device keys may speak for the address-of-record
 * (DESIGN.md, "Devices of one AoR"). It is the value of the identity's mutable DHT record, in
 * the signed frame of p2p/signed-record-frame.ts. All integers big-endian:
 *
 *   version     u8     1
 *   identity    32 B   the identity public key (a list of another identity is told apart)
 *   seq         u32    equals the DHT record's seq
 *   count       u8     n
 *   n × device:
 *     key       32 B   the device public key (its HyperDHT key pair)
 *     addedAt   u48    milliseconds since the epoch
 *     nameLen   u8     1–32
 *     name      UTF-8  a label, never trusted for routing
 *   signature   64 B   Ed25519 by the identity over "parley/device-list/v1\0" ‖ everything above
 *
 * A device costs 39 bytes plus its name (at most 71); the frame 102. Eight devices with the
 * longest names take 670 bytes; the limit below leaves room for 11 of those, more with short names.
 */
export interface DeviceEntry {
  readonly publicKey: Buffer;
  readonly name: string;
  /** Milliseconds since the epoch (wall clock), when the device joined. */
  readonly addedAt: number;
}

export interface DeviceList {
  readonly identity: Buffer;
  readonly seq: number;
  readonly devices: readonly DeviceEntry[];
}

export const DEVICE_LIST_VERSION = 1;
/**
 * HyperDHT records must stay under about 1000 bytes (measured, DESIGN.md); a mutable put adds
 * its own key, seq and signature around the value, so the list keeps 100 bytes of headroom.
 */
export const MAX_DEVICE_LIST_BYTES = 900;
export const MAX_DEVICE_LIST_SEQ = 0xffff_ffff;
const MAX_ADDED_AT = 2 ** 48 - 1;
const KEY_BYTES = 32;
const HEADER_BYTES = FRAME_HEAD_BYTES + 1;
const DEVICE_FIXED_BYTES = KEY_BYTES + 6 + 1;
const MAX_DEVICES = 0xff;
const FRAME = new SignedRecordFrame({
  version: DEVICE_LIST_VERSION,
  maxBytes: MAX_DEVICE_LIST_BYTES,
  context: 'parley/device-list/v1\0',
  noun: 'list',
  owner: 'identity',
  signer: 'the identity',
});
const FRAME_ERRORS = {
  OVERSIZED: 'DEVICE_LIST_OVERSIZED',
  TRUNCATED: 'DEVICE_LIST_TRUNCATED',
  UNSUPPORTED_VERSION: 'DEVICE_LIST_UNSUPPORTED_VERSION',
  MALFORMED: 'DEVICE_LIST_MALFORMED',
  OTHER_SIGNER: 'DEVICE_LIST_OTHER_IDENTITY',
  BAD_SIGNATURE: 'DEVICE_LIST_BAD_SIGNATURE',
} as const satisfies Record<FrameProblem, DeviceListDecodeErrorCode>;

export type DeviceListErrorCode = 'DEVICE_LIST_TOO_LARGE' | 'DEVICE_LIST_BAD_NAME' | 'DEVICE_LIST_DUPLICATE_DEVICE' | 'DEVICE_LIST_FIELD_OUT_OF_RANGE';

/** A fault in a list we are about to sign: it would not fit, or a field is out of range. */
export class DeviceListError extends CodedError<DeviceListErrorCode> {
  constructor(code: DeviceListErrorCode, message: string) {
    super('DeviceListError', code, message);
  }
}

export type DeviceListDecodeErrorCode =
  | 'DEVICE_LIST_TRUNCATED'
  | 'DEVICE_LIST_MALFORMED'
  | 'DEVICE_LIST_UNSUPPORTED_VERSION'
  | 'DEVICE_LIST_OVERSIZED'
  | 'DEVICE_LIST_OTHER_IDENTITY'
  | 'DEVICE_LIST_BAD_SIGNATURE';

export interface DeviceListDecodeError {
  readonly code: DeviceListDecodeErrorCode;
  readonly reason: string;
}

export type DeviceListDecodeResult = { readonly ok: true; readonly list: DeviceList } | { readonly ok: false; readonly error: DeviceListDecodeError };

/** Bytes the encoded list takes; compare with MAX_DEVICE_LIST_BYTES before adding a device. */
export function encodedDeviceListBytes(devices: readonly Pick<DeviceEntry, 'name'>[]): number {
  let total = HEADER_BYTES + SIGNATURE_BYTES;
  for (const device of devices) total += DEVICE_FIXED_BYTES + Buffer.byteLength(device.name, 'utf8');
  return total;
}

/** Encodes and signs a list with the identity key pair. Throws DeviceListError for a list we must not publish. */
export function encodeDeviceList(identity: KeyPair, content: { seq: number; devices: readonly DeviceEntry[] }): Buffer {
  checkRange('seq', content.seq, MAX_DEVICE_LIST_SEQ);
  const seen = new Set<string>();
  for (const device of content.devices) {
    if (device.publicKey.length !== KEY_BYTES) throw new DeviceListError('DEVICE_LIST_FIELD_OUT_OF_RANGE', 'a device key has 32 bytes');
    if (!isDeviceName(device.name)) throw new DeviceListError('DEVICE_LIST_BAD_NAME', `not a device name: ${JSON.stringify(device.name)}`);
    checkRange('addedAt', device.addedAt, MAX_ADDED_AT);
    const key = device.publicKey.toString('hex');
    if (seen.has(key)) throw new DeviceListError('DEVICE_LIST_DUPLICATE_DEVICE', `device ${key} is listed twice`);
    seen.add(key);
  }
  const size = encodedDeviceListBytes(content.devices);
  if (size > MAX_DEVICE_LIST_BYTES || content.devices.length > MAX_DEVICES) {
    throw new DeviceListError(
      'DEVICE_LIST_TOO_LARGE',
      `${content.devices.length} devices take ${size} bytes; a device list must fit ${MAX_DEVICE_LIST_BYTES} bytes (remove a device or shorten names)`,
    );
  }
  const out = Buffer.alloc(size);
  let at = FRAME.writeHead(out, identity, content.seq);
  at = out.writeUInt8(content.devices.length, at);
  for (const device of content.devices) {
    at += device.publicKey.copy(out, at);
    at = out.writeUIntBE(device.addedAt, at, 6);
    const name = Buffer.from(device.name, 'utf8');
    at = out.writeUInt8(name.length, at);
    at += name.copy(out, at);
  }
  FRAME.sign(out, at, identity);
  return out;
}

/**
 * The edge where a DHT value becomes a device list: it is accepted only if it is well formed,
 * names `identity` and carries that identity's signature. Never throws for any input.
 */
export function decodeDeviceList(bytes: Uint8Array, identity: Uint8Array): DeviceListDecodeResult {
  const head = FRAME.readHead(bytes, HEADER_BYTES);
  if (!head.ok) return frameFailure(head.fault);
  const { input, seq } = head;
  const count = input.readUInt8(HEADER_BYTES - 1);
  const devices: DeviceEntry[] = [];
  const seen = new Set<string>();
  let at = HEADER_BYTES;
  for (let i = 0; i < count; i++) {
    if (input.length < at + DEVICE_FIXED_BYTES) return failure('DEVICE_LIST_TRUNCATED', `device ${i + 1} of ${count} is cut off`);
    const publicKey = Buffer.from(input.subarray(at, at + KEY_BYTES));
    const addedAt = input.readUIntBE(at + KEY_BYTES, 6);
    const nameLength = input.readUInt8(at + KEY_BYTES + 6);
    at += DEVICE_FIXED_BYTES;
    if (input.length < at + nameLength) return failure('DEVICE_LIST_TRUNCATED', `the name of device ${i + 1} is cut off`);
    const name = decodeStrictUtf8(input.subarray(at, at + nameLength));
    at += nameLength;
    if (name === null || !isDeviceName(name)) return failure('DEVICE_LIST_MALFORMED', `device ${i + 1} has no valid name`);
    const key = publicKey.toString('hex');
    if (seen.has(key)) return failure('DEVICE_LIST_MALFORMED', `device ${key} is listed twice`);
    seen.add(key);
    devices.push({ publicKey, name, addedAt });
  }
  const signature = FRAME.checkSignature(head, at, identity);
  if (signature) return frameFailure(signature);
  return { ok: true, list: { identity: head.signer, seq, devices } };
}

/** True when the list names `deviceKey`. */
export function listsDevice(list: DeviceList, deviceKey: Uint8Array): boolean {
  return list.devices.some((device) => device.publicKey.equals(deviceKey));
}

function checkRange(field: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new DeviceListError('DEVICE_LIST_FIELD_OUT_OF_RANGE', `${field} must be an integer from 0 to ${max}, not ${value}`);
  }
}

function failure(code: DeviceListDecodeErrorCode, reason: string): DeviceListDecodeResult {
  return { ok: false, error: { code, reason } };
}

function frameFailure({ problem, reason }: FrameFault): DeviceListDecodeResult {
  return failure(FRAME_ERRORS[problem], reason);
}
