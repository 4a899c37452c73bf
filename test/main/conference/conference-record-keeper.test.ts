import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { conferenceUri } from '../../../src/main/conference/conference-address.js';
import type { FocusEntry } from '../../../src/main/conference/conference-record.js';
import { CONFERENCE_RECORD_TIMING, ConferenceRecordKeeper } from '../../../src/main/conference/conference-record-keeper.js';
import { ConferenceRecordStore, lookUpFocus, type ConferenceRecordDht } from '../../../src/main/conference/conference-record-store.js';
import { generateSeed, keyPairFromSeed } from '../../../src/main/identity/identity-key-pair.js';
import { FakeClock } from '../../helpers/fake-clock.js';

/** A DHT of one node: a put with a lower seq than the stored one is dropped without a word, as HyperDHT's nodes do. */
class FakeDht implements ConferenceRecordDht {
  readonly records = new Map<string, { seq: number; value: Buffer }>();
  puts = 0;
  failing = false;

  async mutablePut(keyPair: { publicKey: Buffer }, value: Buffer, options: { seq?: number } = {}): ReturnType<ConferenceRecordDht['mutablePut']> {
    if (this.failing) throw new Error('no close nodes answered');
    this.puts += 1;
    const key = keyPair.publicKey.toString('hex');
    const seq = options.seq ?? 0;
    if ((this.records.get(key)?.seq ?? -1) <= seq) this.records.set(key, { seq, value });
    return { publicKey: keyPair.publicKey, closestNodes: [], seq, signature: Buffer.alloc(64) };
  }

  async mutableGet(publicKey: Buffer): ReturnType<ConferenceRecordDht['mutableGet']> {
    if (this.failing) throw new Error('no close nodes answered');
    const stored = this.records.get(publicKey.toString('hex'));
    return stored ? { ...stored, signature: Buffer.alloc(64), from: { id: null, host: '127.0.0.1', port: 1 } } : null;
  }
}

const settle = async (): Promise<void> => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

function setUp(options: { wall?: () => number } = {}) {
  const dht = new FakeDht();
  const clock = new FakeClock();
  const conference = keyPairFromSeed(generateSeed());
  const focus: FocusEntry = { deviceKey: Buffer.alloc(32, 1), identity: Buffer.alloc(32, 2), role: 'primary', capacity: 200, load: 0 };
  let load = 0;
  const keeper = new ConferenceRecordKeeper({
    store: new ConferenceRecordStore(dht),
    conference,
    subject: 'Weekly',
    foci: () => [{ ...focus, load }],
    clock,
    random: () => 0.5,
    wallNow: options.wall ?? (() => 1_750_000_000_000),
  });
  return { dht, clock, conference, keeper, setLoad: (n: number) => (load = n) };
}

describe('the conference record in the DHT', () => {
  test('hosting publishes the record at once: a member looks it up and finds the focus', async () => {
    const { dht, conference, keeper } = setUp();
    keeper.start();
    assert.equal(await keeper.firstPublish, true);
    const found = await lookUpFocus(new ConferenceRecordStore(dht), conference.publicKey);
    assert.ok(found.ok);
    assert.equal(found.record.subject, 'Weekly');
    assert.equal(found.record.seq, 1_750_000_000, 'seq is wall-clock seconds');
    assert.deepEqual(found.focus.deviceKey, Buffer.alloc(32, 1));
    assert.match(conferenceUri(conference.publicKey), /@conference\.parley\.invalid$/);
    keeper.stop();
  });

  test('a wave of joins is one put, half a minute after the first; the record then says the new load', async () => {
    const { dht, clock, conference, keeper, setLoad } = setUp();
    keeper.start();
    await keeper.firstPublish;
    assert.equal(dht.puts, 1);
    for (let load = 1; load <= 20; load++) {
      setLoad(load);
      keeper.loadChanged();
      clock.advance(1_000);
      await settle();
    }
    assert.equal(dht.puts, 1, 'nothing yet: the debounce runs');
    clock.advance(CONFERENCE_RECORD_TIMING.loadDebounceMs);
    await settle();
    assert.equal(dht.puts, 2, '20 joins, one put');
    const read = await new ConferenceRecordStore(dht).read(conference.publicKey);
    assert.ok(read.ok);
    assert.equal(read.record.foci[0]?.load, 20);
    assert.ok(read.record.seq > 1_750_000_000, 'each publish has a higher seq, even within one second');
    keeper.stop();
  });

  test('the record is stored again every 5–7 hours, well inside its 48-hour lifetime', async () => {
    const { dht, clock, keeper } = setUp();
    keeper.start();
    await keeper.firstPublish;
    clock.advance(5.9 * 3_600_000);
    await settle();
    assert.equal(dht.puts, 1);
    clock.advance(0.2 * 3_600_000);
    await settle();
    assert.equal(dht.puts, 2, 'refreshed at 6 h (random 0.5 between 5 and 7)');
    keeper.stop();
    clock.advance(48 * 3_600_000);
    await settle();
    assert.equal(dht.puts, 2, 'a stopped keeper publishes nothing');
    assert.equal(clock.pendingTimers, 0);
  });

  test('a failed put is a value, reported and retried; a host restarted later publishes above its old record', async () => {
    const { dht, clock, keeper, conference } = setUp();
    dht.failing = true;
    const failures: string[] = [];
    keeper.on('publishFailed', ({ code }) => failures.push(code));
    keeper.start();
    await settle();
    assert.deepEqual(failures, ['CONFERENCE_RECORD_DHT_FAILED']);
    dht.failing = false;
    clock.advance(CONFERENCE_RECORD_TIMING.retryMaxMs);
    assert.equal(await keeper.firstPublish, true);
    keeper.stop();

    const restarted = new ConferenceRecordKeeper({
      store: new ConferenceRecordStore(dht),
      conference,
      subject: 'Weekly, again',
      foci: () => [{ deviceKey: Buffer.alloc(32, 3), identity: Buffer.alloc(32, 2), role: 'primary', capacity: 200, load: 0 }],
      clock,
      wallNow: () => 1_750_000_600_000,
    });
    restarted.start();
    assert.equal(await restarted.firstPublish, true);
    const found = await lookUpFocus(new ConferenceRecordStore(dht), conference.publicKey);
    assert.ok(found.ok);
    assert.deepEqual(found.focus.deviceKey, Buffer.alloc(32, 3), 'members now find the restarted host');
    restarted.stop();
  });

  test('a conference nobody hosts, or a forged record, is not joined', async () => {
    const dht = new FakeDht();
    const store = new ConferenceRecordStore(dht);
    const conference = keyPairFromSeed(generateSeed());
    const missing = await lookUpFocus(store, conference.publicKey);
    assert.equal(missing.ok, false);
    assert.match(!missing.ok ? missing.reason : '', /no conference with this URI is running/);
    // Someone else's valid record stored under our conference's key.
    const mallory = keyPairFromSeed(generateSeed());
    await store.publish(mallory, { seq: 5, subject: 'fake', foci: [{ deviceKey: Buffer.alloc(32, 9), identity: Buffer.alloc(32, 9), role: 'primary', capacity: 1, load: 0 }] });
    dht.records.set(conference.publicKey.toString('hex'), dht.records.get(mallory.publicKey.toString('hex')) ?? assert.fail());
    const forged = await lookUpFocus(store, conference.publicKey);
    assert.match(!forged.ok ? forged.reason : '', /CONFERENCE_RECORD_OTHER_CONFERENCE/);
  });
});
