import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { generateSeed, keyPairFromSeed } from '../../../src/main/identity/identity-key-pair.js';
import { confirmedMutablePut, type MutableRecordPut } from '../../../src/main/p2p/confirmed-mutable-put.js';
import { FakeDeviceDht } from './fake-device-dht.js';

const CODES = { dhtFailed: 'TEST_DHT_FAILED', notStored: 'TEST_NOT_STORED', seqConflict: 'TEST_SEQ_CONFLICT' } as const;
const OPTIONS = { codes: CODES, recordName: (index: number) => `record ${index}`, concurrency: 2 };

function records(count: number): [MutableRecordPut, ...MutableRecordPut[]] {
  const all = Array.from({ length: count }, (_, i) => ({ keyPair: keyPairFromSeed(generateSeed()), value: Buffer.from(`value ${i}`) }));
  return all as [MutableRecordPut, ...MutableRecordPut[]];
}

describe('a mutable put confirmed by a latest read', () => {
  test('puts every record, the first one last, and confirms that the DHT holds exactly them', async () => {
    const dht = new FakeDeviceDht();
    const head = records(3);
    const order: string[] = [];
    const put = dht.mutablePut.bind(dht);
    dht.mutablePut = async (keyPair, value, options) => {
      order.push(value.toString());
      return put(keyPair, value, options);
    };
    assert.deepEqual(await confirmedMutablePut(dht, head, 7, OPTIONS), { ok: true });
    assert.equal(order.at(-1), 'value 0', 'a reader that finds the first record finds the others');
    for (const { keyPair, value } of head) assert.deepEqual(dht.records.get(keyPair.publicKey.toString('hex'))?.value, value);
    assert.deepEqual(await confirmedMutablePut(dht, head, 7, OPTIONS), { ok: true }, 'the same seq and bytes again: a refresh');
  });

  test('a put the nodes dropped for an older seq is a conflict, with the seq they hold', async () => {
    const dht = new FakeDeviceDht();
    const [record] = records(1);
    assert.ok((await confirmedMutablePut(dht, [record], 9, OPTIONS)).ok);
    const older = await confirmedMutablePut(dht, [{ ...record, value: Buffer.from('older') }], 8, OPTIONS);
    assert.equal(!older.ok && older.error.code, 'TEST_SEQ_CONFLICT');
    assert.equal(!older.ok && older.error.storedSeq, 9);
    const reused = await confirmedMutablePut(dht, [{ ...record, value: Buffer.from('other') }], 9, OPTIONS);
    assert.equal(!reused.ok && reused.error.code, 'TEST_SEQ_CONFLICT', 'the same seq with other bytes');
  });

  test('a put no node kept is not stored', async () => {
    const dht = new FakeDeviceDht();
    dht.mutablePut = async (keyPair, _value, options) => ({ publicKey: keyPair.publicKey, closestNodes: [], seq: options?.seq ?? 0, signature: Buffer.alloc(64) });
    const lost = await confirmedMutablePut(dht, records(2), 3, OPTIONS);
    assert.equal(!lost.ok && lost.error.code, 'TEST_NOT_STORED');
    assert.equal(!lost.ok && 'storedSeq' in lost.error, false, 'no node holds any seq');
  });

  test('a DHT failure, in the put or in the read that confirms it, is a value', async () => {
    const failingPut = new FakeDeviceDht();
    failingPut.mutablePut = async () => {
      throw new Error('Too few nodes responded');
    };
    const put = await confirmedMutablePut(failingPut, records(2), 1, OPTIONS);
    assert.deepEqual(put, { ok: false, error: { code: 'TEST_DHT_FAILED', reason: 'Too few nodes responded' } });
    const failingRead = new FakeDeviceDht();
    failingRead.mutableGet = async () => {
      throw new Error('Too few nodes responded');
    };
    const read = await confirmedMutablePut(failingRead, records(2), 1, OPTIONS);
    assert.equal(!read.ok && read.error.code, 'TEST_DHT_FAILED');
  });
});
