import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { generateSeed, keyPairFromSeed } from '../../../src/main/identity/identity-key-pair.js';
import { deviceTopic } from '../../../src/main/p2p/device-topic.js';
import { jitteredDelay, Registration, REGISTRATION_TIMING, RegistrationError, type RegistrationState } from '../../../src/main/p2p/registration.js';
import { seededRandom } from '../../../src/main/seeded-random.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import { FakeDeviceDht } from './fake-device-dht.js';

const MINUTE = 60_000;
/** Lets promise callbacks (the fake DHT's answers) run. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function setUp(random: () => number = seededRandom(7)) {
  const clock = new FakeClock();
  const dht = new FakeDeviceDht();
  const identity = keyPairFromSeed(generateSeed());
  const device = keyPairFromSeed(generateSeed());
  const registration = new Registration({ dht, identityPublicKey: identity.publicKey, deviceKeyPair: device, clock, random });
  const announcedAt: number[] = [];
  registration.on('stateChanged', ({ state }) => {
    if (state === 'announcing') announcedAt.push(clock.now());
  });
  const states: RegistrationState[] = [];
  registration.on('stateChanged', ({ state }) => states.push(state));
  const isAnnounced = (): boolean => dht.topics.get(deviceTopic(identity.publicKey).toString('hex'))?.has(device.publicKey.toString('hex')) ?? false;
  return { clock, dht, registration, announcedAt, states, isAnnounced };
}

/** Advances fake time a second at a time, letting the (instant) DHT answer in between. */
async function run(clock: FakeClock, ms: number): Promise<void> {
  for (let left = ms; left > 0; left -= 1000) {
    clock.advance(Math.min(1000, left));
    await settle();
  }
}

describe('registration on the device topic', () => {
  test('announces at once and then every 5–10 minutes, never letting the 20-minute record lapse', async () => {
    const { clock, registration, announcedAt, isAnnounced } = setUp();
    registration.start();
    await settle();
    assert.equal(registration.state, 'registered');
    assert.ok(isAnnounced());
    await run(clock, 3 * 60 * MINUTE);
    assert.equal(announcedAt[0], 0);
    const gaps = announcedAt.slice(1).map((at, i) => at - (announcedAt[i] ?? 0));
    assert.ok(gaps.length >= 18 && gaps.length <= 36, `${gaps.length} refreshes in 3 hours`);
    // Fake time moves in 1 s steps and the DHT answers between steps, so a refresh may start up to 1 s late.
    for (const gap of gaps) assert.ok(gap >= 5 * MINUTE && gap <= 10 * MINUTE + 1000, `a refresh after ${gap / MINUTE} min`);
    assert.ok(new Set(gaps).size > 1, 'the delays are jittered');
  });

  test('draws the delay from the whole range', () => {
    const { refreshMinMs, refreshMaxMs } = REGISTRATION_TIMING;
    assert.equal(jitteredDelay(refreshMinMs, refreshMaxMs, () => 0), 5 * MINUTE);
    assert.equal(jitteredDelay(refreshMinMs, refreshMaxMs, () => 0.5), 7.5 * MINUTE);
    assert.equal(jitteredDelay(refreshMinMs, refreshMaxMs, () => 0.999_999), 10 * MINUTE);
  });

  test('retries a failed announce within 10–30 seconds, then refreshes as usual', async () => {
    const { clock, dht, registration, states } = setUp(() => 0.5);
    const failures: number[] = [];
    registration.on('announceFailed', ({ retryInMs }) => failures.push(retryInMs));
    dht.failAnnounces = 2;
    registration.start();
    await settle();
    assert.equal(registration.state, 'retrying');
    clock.advance(19_999);
    await settle();
    assert.equal(dht.calls.filter((c) => c === 'announce').length, 1, 'not before the retry delay');
    clock.advance(1);
    await settle();
    clock.advance(20_000);
    await settle();
    assert.equal(registration.state, 'registered');
    assert.deepEqual(failures, [20_000, 20_000]);
    assert.deepEqual(states, ['announcing', 'retrying', 'announcing', 'retrying', 'announcing', 'registered']);
    clock.advance(7.5 * MINUTE);
    await settle();
    assert.equal(dht.calls.filter((c) => c === 'announce').length, 4);
  });

  test('stop unannounces and leaves no timer behind', async () => {
    const { clock, dht, registration, isAnnounced } = setUp();
    registration.start();
    await settle();
    assert.equal(await registration.stop(), true);
    assert.equal(registration.state, 'stopped');
    assert.equal(isAnnounced(), false);
    assert.equal(clock.pendingTimers, 0);
    const calls = dht.calls.length;
    await run(clock, 60 * MINUTE);
    assert.equal(dht.calls.length, calls, 'nothing is announced after stop');
  });

  test('stop during an announce waits for it, then unannounces', async () => {
    const { dht, registration, isAnnounced } = setUp();
    dht.hold();
    registration.start();
    await settle();
    assert.equal(registration.state, 'announcing');
    const stopped = registration.stop();
    assert.equal(registration.state, 'stopping');
    dht.release();
    assert.equal(await stopped, true);
    assert.deepEqual(dht.calls, ['announce', 'unannounce']);
    assert.equal(isAnnounced(), false);
  });

  test('refreshNow announces at once after a network change, and starts once only', async () => {
    const { dht, registration } = setUp();
    registration.start();
    await settle();
    registration.refreshNow();
    await settle();
    assert.equal(dht.calls.filter((c) => c === 'announce').length, 2);
    assert.throws(() => registration.start(), (error: unknown) => error instanceof RegistrationError && error.code === 'REGISTRATION_BAD_MOVE');
    await registration.stop();
  });

  test('a registration stopped before it started never touches the DHT', async () => {
    const { dht, registration } = setUp();
    assert.equal(await registration.stop(), true);
    assert.deepEqual(dht.calls, []);
  });
});
