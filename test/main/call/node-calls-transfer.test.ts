import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PlainSipEndpoint } from '../../../src/main/call/plain-sip-endpoint.js';
import { MediaWorkerHost } from '../../../src/main/media/index.js';
import { NodeCalls } from '../../../src/main/node/node-calls.js';
import type { CallView, Notice } from '../../../src/shared/api-contract.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import { nextEvent } from '../../helpers/next-event.js';

/**
 * Transfers that fail, through the node's call commands over plain SIP endpoints on 127.0.0.1:
 * the command answers as soon as the other party accepted, so a later failure reaches the user
 * as a notice, and the call comes back off hold. The outcome's timer runs on a fake clock.
 */

const base = { user: 'test', displayName: 'Test', product: 'Parley-test', listen: { host: '127.0.0.1', port: 0 } };
const TRANSFER_TIMEOUT_MS = 10_000;

describe('failed transfers through the node’s call commands', () => {
  const worker = new MediaWorkerHost();
  const clock = new FakeClock();
  const notices: Array<Omit<Notice, 'id'>> = [];
  let carolBusy = false;
  let alice: PlainSipEndpoint;
  let bob: PlainSipEndpoint;
  let carol: PlainSipEndpoint;
  let dave: PlainSipEndpoint;
  let aliceCalls: ReturnType<NodeCalls['commands']>;
  let bobCalls: ReturnType<NodeCalls['commands']>;
  before(async () => {
    const shared = { mediaWorker: () => worker };
    [alice, bob, carol, dave] = await Promise.all([
      PlainSipEndpoint.start({ ...base, ...shared, autoAnswer: false }),
      PlainSipEndpoint.start({ ...base, ...shared, autoAnswer: true }),
      PlainSipEndpoint.start({ ...base, ...shared, autoAnswer: false, doNotDisturb: () => carolBusy }),
      // Dave's phone has no node around it: nothing carries out a REFER there.
      PlainSipEndpoint.start({ ...base, ...shared, autoAnswer: false }),
    ]);
    aliceCalls = new NodeCalls({ sip: alice }, () => false, () => undefined).commands();
    bobCalls = new NodeCalls({ sip: bob }, () => false, () => undefined, undefined, { notice: (notice) => notices.push(notice), clock, transferTimeoutMs: TRANSFER_TIMEOUT_MS }).commands();
  });
  after(async () => {
    await Promise.all([alice, bob, carol, dave].map((endpoint) => endpoint?.close()));
    await worker.close();
  });

  /** `caller` calls Bob; resolves with Bob's view once both sides are established. */
  async function callBob(caller: PlainSipEndpoint): Promise<{ callerCallId: string; bobView: CallView }> {
    const bobUp = nextEvent(bob, 'callEstablished');
    const callerUp = nextEvent(caller, 'callEstablished');
    await caller.call(`sip:alice@${bob.address}`);
    const [established, callerSide] = await Promise.all([bobUp, callerUp]);
    return { callerCallId: callerSide.callId, bobView: (await bobCalls.listCalls({})).find((view) => view.callId === established.callId) ?? assert.fail('Bob lists the call') };
  }

  async function until(what: string, condition: () => boolean): Promise<void> {
    for (let tries = 0; !condition(); tries++) {
      assert.ok(tries < 200, what);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  function bobHold(callId: string): boolean | undefined {
    return bob.calls.get(callId)?.hold.localHold;
  }

  async function hangUpEverything(): Promise<void> {
    for (const endpoint of [alice, bob, carol, dave]) {
      const ending = [...endpoint.calls.values()].map((call) => new Promise((resolve) => call.on('ended', resolve)));
      for (const call of endpoint.calls.values()) call.hangUp();
      await Promise.all(ending);
    }
    await until('every call ended', () => [alice, bob, carol, dave].every((endpoint) => endpoint.calls.size === 0));
  }

  test('a busy target: the command resolves on the 202, then a notice says why and the call comes back off hold', { timeout: 60_000 }, async () => {
    carolBusy = true;
    notices.length = 0;
    const { callerCallId, bobView } = await callBob(alice);
    const aliceTried = nextEvent(alice, 'callEnded', (event) => event.callId !== callerCallId);
    assert.deepEqual(await bobCalls.transferCall({ callId: bobView.callId, uri: `sip:carol@${carol.address}` }), { callId: bobView.callId });
    assert.equal(bobHold(bobView.callId), true, 'Bob held the call for the transfer');
    assert.equal((await aliceTried).status, 486);
    await until('a notice is raised', () => notices.length > 0);
    assert.deepEqual(notices, [{ level: 'warning', code: 'CALL_TRANSFER_FAILED', message: `The transfer to sip:carol@${carol.address} failed: 486 Busy Here; the call goes on.` }]);
    await until('Bob’s call is resumed', () => bobHold(bobView.callId) === false);
    assert.deepEqual((await aliceCalls.listCalls({})).map((view) => [view.state, view.remoteHold]), [['established', false]], 'Alice is off hold too');
    await hangUpEverything();
  });

  test('no result in the time allowed: a timeout notice, the call comes back, and the target keeps ringing for Alice to deal with', { timeout: 60_000 }, async () => {
    carolBusy = false;
    notices.length = 0;
    const { bobView } = await callBob(alice);
    const carolRings = nextEvent(carol, 'callIncoming');
    await bobCalls.transferCall({ callId: bobView.callId, uri: `sip:carol@${carol.address}` });
    await carolRings;
    clock.advance(TRANSFER_TIMEOUT_MS - 1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(notices.length, 0, 'not before the time is up');
    clock.advance(1);
    await until('a notice is raised', () => notices.length > 0);
    assert.match(notices[0]?.message ?? '', /^The transfer to sip:carol@.+ brought no result within 10 s; the call goes on\.$/);
    await until('Bob’s call is resumed', () => bobHold(bobView.callId) === false);
    await hangUpEverything();
  });

  test('a phone that takes no transfers: the command fails with a sentence and the call comes back off hold', { timeout: 60_000 }, async () => {
    notices.length = 0;
    const { bobView } = await callBob(dave);
    await assert.rejects(Promise.resolve(bobCalls.transferCall({ callId: bobView.callId, uri: `sip:carol@${carol.address}` })), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'CALL_TRANSFER_FAILED');
      assert.match(error.message, /^The other party refused the transfer to sip:carol@.+ \(603 .+\); the call goes on\.$/);
      return true;
    });
    assert.equal(bobHold(bobView.callId), false, 'resumed before the command answered');
    assert.equal(carol.calls.size, 0, 'nobody called Carol');
    assert.deepEqual(notices, [], 'the command’s error said it all');
    await hangUpEverything();
  });

  test('transferring a call that does not exist is refused at once (CALL_NOT_FOUND)', async () => {
    await assert.rejects(Promise.resolve().then(() => bobCalls.transferCall({ callId: 'nope', uri: 'sip:carol@127.0.0.1' })), (error: Error & { code?: string }) => error.code === 'CALL_NOT_FOUND');
  });
});
