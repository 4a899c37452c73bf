import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MAX_DEVICE_NAME_BYTES } from '../../../src/main/identity/device-name.js';
import { generateSeed, keyPairFromSeed, type KeyPair } from '../../../src/main/identity/identity-key-pair.js';
import {
  decodeDeviceList,
  DeviceListError,
  encodeDeviceList,
  encodedDeviceListBytes,
  listsDevice,
  MAX_DEVICE_LIST_BYTES,
  type DeviceEntry,
} from '../../../src/main/p2p/device-list-record.js';

const newKeyPair = (): KeyPair => keyPairFromSeed(generateSeed());
const longName = (i: number): string => `device ${i} `.padEnd(MAX_DEVICE_NAME_BYTES, 'x');

function devices(count: number, name: (i: number) => string = longName): DeviceEntry[] {
  return Array.from({ length: count }, (_, i) => ({ publicKey: newKeyPair().publicKey, name: name(i), addedAt: 1_760_000_000_000 + i }));
}

const twice = (list: DeviceEntry[]): DeviceEntry[] => [...list, ...list];

function flipBit(bytes: Buffer, index: number, mask: number): void {
  bytes.writeUInt8(bytes.readUInt8(index) ^ mask, index);
}

function decodeError(bytes: Uint8Array, identity: Uint8Array): string {
  const result = decodeDeviceList(bytes, identity);
  assert.equal(result.ok, false, 'expected the record to be refused');
  return result.ok ? '' : result.error.code;
}

describe('device list record', () => {
  const alice = newKeyPair();

  test('round-trips seq, device keys, names and times, signed by the identity', () => {
    const listed = [
      { publicKey: newKeyPair().publicKey, name: 'laptop', addedAt: 1_760_000_000_123 },
      { publicKey: newKeyPair().publicKey, name: 'Büro-Telefon ☎', addedAt: 2 ** 48 - 1 },
    ];
    const bytes = encodeDeviceList(alice, { seq: 7, devices: listed });
    const result = decodeDeviceList(bytes, alice.publicKey);
    assert.ok(result.ok, JSON.stringify(!result.ok && result.error));
    assert.deepEqual(result.list.identity, alice.publicKey);
    assert.equal(result.list.seq, 7);
    assert.deepEqual(result.list.devices, listed);
    assert.equal(listsDevice(result.list, listed[1]?.publicKey ?? Buffer.alloc(0)), true);
    assert.equal(listsDevice(result.list, newKeyPair().publicKey), false);
  });

  test('encodes the same list to the same bytes (so re-storing it is not a new value)', () => {
    const listed = devices(3);
    assert.deepEqual(encodeDeviceList(alice, { seq: 3, devices: listed }), encodeDeviceList(alice, { seq: 3, devices: listed }));
  });

  test('an empty list is a valid list (every device removed)', () => {
    const result = decodeDeviceList(encodeDeviceList(alice, { seq: 1, devices: [] }), alice.publicKey);
    assert.ok(result.ok);
    assert.deepEqual(result.list.devices, []);
  });

  test('eight devices with the longest names stay well under 1000 bytes', () => {
    const bytes = encodeDeviceList(alice, { seq: 0xffff_ffff, devices: devices(8) });
    assert.equal(bytes.length, 670);
    assert.equal(bytes.length, encodedDeviceListBytes(devices(8)));
    assert.ok(bytes.length < MAX_DEVICE_LIST_BYTES && MAX_DEVICE_LIST_BYTES < 1000);
  });

  test('refuses to encode a list that does not fit, with a code', () => {
    let count = 8;
    while (encodedDeviceListBytes(devices(count + 1)) <= MAX_DEVICE_LIST_BYTES) count++;
    assert.equal(count, 11, 'long names: 11 devices fit');
    assert.ok(encodeDeviceList(alice, { seq: 1, devices: devices(count) }).length <= MAX_DEVICE_LIST_BYTES);
    assert.throws(
      () => encodeDeviceList(alice, { seq: 1, devices: devices(count + 1) }),
      (error: unknown) => error instanceof DeviceListError && error.code === 'DEVICE_LIST_TOO_LARGE',
    );
    const short = devices(18, (i) => `d${i}`);
    assert.ok(encodeDeviceList(alice, { seq: 1, devices: short }).length <= MAX_DEVICE_LIST_BYTES, 'short names: 18 devices fit');
  });

  const faults: Array<[string, () => unknown, string]> = [
    ['a name longer than 32 bytes', () => encodeDeviceList(alice, { seq: 1, devices: devices(1, () => 'x'.repeat(33)) }), 'DEVICE_LIST_BAD_NAME'],
    ['an empty name', () => encodeDeviceList(alice, { seq: 1, devices: devices(1, () => '') }), 'DEVICE_LIST_BAD_NAME'],
    ['a name with a control character', () => encodeDeviceList(alice, { seq: 1, devices: devices(1, () => 'a\nb') }), 'DEVICE_LIST_BAD_NAME'],
    ['a device listed twice', () => encodeDeviceList(alice, { seq: 1, devices: twice(devices(1)) }), 'DEVICE_LIST_DUPLICATE_DEVICE'],
    ['a seq beyond 32 bits', () => encodeDeviceList(alice, { seq: 2 ** 32, devices: [] }), 'DEVICE_LIST_FIELD_OUT_OF_RANGE'],
    ['a negative seq', () => encodeDeviceList(alice, { seq: -1, devices: [] }), 'DEVICE_LIST_FIELD_OUT_OF_RANGE'],
    ['a short device key', () => encodeDeviceList(alice, { seq: 1, devices: [{ publicKey: Buffer.alloc(31), name: 'a', addedAt: 0 }] }), 'DEVICE_LIST_FIELD_OUT_OF_RANGE'],
    ['a time beyond 48 bits', () => encodeDeviceList(alice, { seq: 1, devices: [{ publicKey: newKeyPair().publicKey, name: 'a', addedAt: 2 ** 48 }] }), 'DEVICE_LIST_FIELD_OUT_OF_RANGE'],
  ];
  for (const [what, encode, code] of faults) {
    test(`refuses to sign ${what} (${code})`, () => {
      assert.throws(encode, (error: unknown) => error instanceof DeviceListError && error.code === code);
    });
  }
});

describe('device list verification on read', () => {
  const alice = newKeyPair();
  const mallory = newKeyPair();
  const good = encodeDeviceList(alice, { seq: 4, devices: devices(3) });

  test('refuses a list whose signature does not verify', () => {
    const tampered = Buffer.from(good);
    flipBit(tampered, tampered.length - 1, 1);
    assert.equal(decodeError(tampered, alice.publicKey), 'DEVICE_LIST_BAD_SIGNATURE');
  });

  test('refuses a list whose content was changed after signing', () => {
    const tampered = Buffer.from(good);
    flipBit(tampered, 40, 0x80); // inside the first device key
    assert.equal(decodeError(tampered, alice.publicKey), 'DEVICE_LIST_BAD_SIGNATURE');
  });

  test('refuses a list that names Alice but was signed by another identity', () => {
    const forged = Buffer.from(encodeDeviceList(mallory, { seq: 4, devices: devices(1) }));
    alice.publicKey.copy(forged, 1);
    assert.equal(decodeError(forged, alice.publicKey), 'DEVICE_LIST_BAD_SIGNATURE');
  });

  test('refuses a validly signed list of another identity', () => {
    const theirs = encodeDeviceList(mallory, { seq: 4, devices: devices(1) });
    assert.equal(decodeError(theirs, alice.publicKey), 'DEVICE_LIST_OTHER_IDENTITY');
  });

  test('tells every truncation apart from a forgery, without throwing', () => {
    for (let length = 0; length < good.length; length++) {
      assert.equal(decodeError(good.subarray(0, length), alice.publicKey), 'DEVICE_LIST_TRUNCATED', `cut at ${length}`);
    }
  });

  test('refuses trailing bytes, other versions and oversized values', () => {
    assert.equal(decodeError(Buffer.concat([good, Buffer.from([0])]), alice.publicKey), 'DEVICE_LIST_MALFORMED');
    const future = Buffer.from(good);
    future[0] = 2;
    assert.equal(decodeError(future, alice.publicKey), 'DEVICE_LIST_UNSUPPORTED_VERSION');
    assert.equal(decodeError(Buffer.alloc(MAX_DEVICE_LIST_BYTES + 1, 1), alice.publicKey), 'DEVICE_LIST_OVERSIZED');
  });

  test('refuses a name that is not UTF-8 or has control characters, even when signed', () => {
    // Build by hand what encodeDeviceList would refuse to sign: the decoder must hold on its own.
    for (const name of [Buffer.from([0xff, 0xfe]), Buffer.from('a\u0007b')]) {
      const body = Buffer.concat([Buffer.from([1]), alice.publicKey, Buffer.from([0, 0, 0, 1, 1]), newKeyPair().publicKey, Buffer.alloc(6), Buffer.from([name.length]), name]);
      assert.equal(decodeError(Buffer.concat([body, Buffer.alloc(64)]), alice.publicKey), 'DEVICE_LIST_MALFORMED');
    }
  });

  test('never throws on random bytes', () => {
    let seed = 1;
    const random = (): number => ((seed = (seed * 1_103_515_245 + 12_345) >>> 0) & 0xff);
    for (let i = 0; i < 2000; i++) {
      const bytes = Buffer.from(Array.from({ length: i % 300 }, random));
      if (i % 3 === 0 && bytes.length > 0) bytes[0] = 1;
      const result = decodeDeviceList(bytes, alice.publicKey);
      assert.equal(result.ok, false);
    }
  });
});
