import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { incomingSummary } from '../../../src/main/call/answer-call.js';
import { SILENT_CALL_AUDIO } from '../../../src/main/call/call-audio.js';
import { isCallError } from '../../../src/main/call/call-error.js';
import { SipCall } from '../../../src/main/call/sip-call.js';
import type { ReferTarget } from '../../../src/main/call/transfer-decisions.js';
import type { InviteSession } from '../../../src/main/sip/ua/index.js';
import { SDP_ANSWER, SDP_OFFER, twoPeers, type Peers } from '../../helpers/sip-ua-peers.js';

/**
 * Blind transfer between two SipCalls over real UA cores on fake time (RFC 3515, RFC 5589 §6):
 * Alice called Bob; Bob, the transferor, REFERs Alice to Carol. The call Alice places for it is
 * a SipCall the test answers or fails by hand, so every outcome is reached without media.
 */

const CAROL = 'sip:carol@127.0.0.3';
const PLAN = SILENT_CALL_AUDIO({ callId: '', direction: 'outgoing', ordinal: 1 });

interface Parties {
  readonly peers: Peers;
  /** Alice's call with Bob: the transferee's. */
  readonly alice: SipCall;
  /** Bob's call with Alice: the transferor's. */
  readonly bob: SipCall;
  readonly bobSession: InviteSession;
  /** The calls Alice placed because Bob asked. */
  readonly placed: Array<{ target: ReferTarget; call: SipCall }>;
}

async function established(options: { transferee?: boolean; place?: (target: ReferTarget) => Promise<SipCall> } = {}): Promise<Parties> {
  const peers = twoPeers();
  const placed: Parties['placed'] = [];
  let bob: SipCall | undefined;
  let bobSession: InviteSession | undefined;
  peers.bob.onIncomingInvite((invite) => {
    bob = new SipCall(incomingSummary(invite), PLAN);
    bobSession = invite.accept(SDP_ANSWER);
    bob.attachSession(bobSession, 'caller');
    bob.established('PCMU/8000');
  });
  const invite = peers.alice.invite(peers.bobUri, { content: SDP_OFFER });
  await peers.run(20);
  assert.ok(invite.session && bob && bobSession, 'the call is up');
  const alice = new SipCall({ callId: bob.callId, direction: 'outgoing', from: peers.aliceUri, to: peers.bobUri }, PLAN);
  alice.attachSession(invite.session, 'callee');
  alice.established('PCMU/8000');
  if (options.transferee ?? true) {
    alice.acceptTransfers(
      options.place ??
        (async (target) => {
          const call = new SipCall({ callId: `new-${placed.length}`, direction: 'outgoing', from: peers.aliceUri, to: target.uri }, PLAN);
          placed.push({ target, call });
          return call;
        }),
    );
  }
  return { peers, alice, bob, bobSession, placed };
}

function ended(call: SipCall): Promise<{ reason: string; status?: number }> {
  return new Promise((resolve) => call.on('ended', resolve));
}

function sipfrags(peers: Peers): string[] {
  return peers.net.wire.filter((record) => record.label === 'NOTIFY' && !record.dropped).map((record) => Buffer.from(record.message.body).toString().trim());
}

/** Bob's transfer, with fake time run until it settles. */
async function transfer(parties: Parties, target: string, timeoutMs?: number): Promise<Awaited<ReturnType<SipCall['transfer']>>> {
  const pending = parties.bob.transfer(target, { clock: parties.peers.clock, ...(timeoutMs === undefined ? {} : { timeoutMs }) });
  pending.catch(() => undefined);
  await parties.peers.run(20);
  return pending;
}

describe('blind transfer between two calls (RFC 3515, RFC 5589 §6)', () => {
  test('the transferee calls the target; once it answers Bob’s call ends “transferred to …”, Alice’s “transferred by the other party”', async () => {
    const parties = await established();
    const { peers, alice, bob, placed } = parties;
    const bobEnded = ended(bob);
    const aliceEnded = ended(alice);
    const { outcome } = await transfer(parties, CAROL);
    assert.deepEqual(
      placed.map(({ target }) => target),
      [{ uri: CAROL, displayName: null }],
      'Alice placed one call, to the Refer-To',
    );
    const refer = peers.net.wire.find((record) => record.label === 'REFER')?.message;
    assert.equal(refer?.headers.first('Refer-To'), `<${CAROL}>`);
    assert.equal(refer?.headers.first('Referred-By'), `<${peers.bobUri}>`, 'Bob names himself (RFC 3892)');
    assert.deepEqual(sipfrags(peers), ['SIP/2.0 100 Trying'], 'only progress so far');
    assert.equal(alice.state, 'established', 'the original call lasts while the new one rings');

    placed[0]?.call.established('PCMU/8000');
    await peers.run(20);
    assert.deepEqual(await outcome, { ok: true });
    assert.deepEqual(sipfrags(peers), ['SIP/2.0 100 Trying', 'SIP/2.0 200 OK']);
    assert.equal((await bobEnded).reason, `transferred to ${CAROL}`);
    assert.equal((await aliceEnded).reason, 'transferred by the other party');
    assert.equal(placed[0]?.call.state, 'established', 'the new call is not touched');
    assert.ok(peers.net.count('BYE') >= 1 && peers.net.count('200 BYE') >= 1, 'the original dialog is ended with BYE');
  });

  test('a new call that fails is reported with its status; both keep the original call and may transfer again', async () => {
    const parties = await established();
    const { peers, alice, bob, placed } = parties;
    const first = await transfer(parties, CAROL);
    void placed[0]?.call.end('offline: no device of this address is online', 480);
    await peers.run(20);
    assert.deepEqual(await first.outcome, { ok: false, failure: { kind: 'failed', status: 480, reason: 'Temporarily Unavailable' } });
    assert.deepEqual([alice.state, bob.state], ['established', 'established']);

    const second = await transfer(parties, 'sip:dave@127.0.0.4');
    placed[1]?.call.established('PCMU/8000');
    await peers.run(20);
    assert.deepEqual(await second.outcome, { ok: true });
    assert.equal(bob.state, 'ended');
  });

  test('a transferee that takes no transfers declines (603): the command says so in a sentence, the call goes on', async () => {
    const parties = await established({ transferee: false });
    await assert.rejects(transfer(parties, CAROL), (error: unknown) => {
      assert.ok(isCallError(error, 'CALL_TRANSFER_FAILED'));
      assert.match(error.message, /refused the transfer to sip:carol@127\.0\.0\.3 \(603 .+\); the call goes on/);
      return true;
    });
    assert.deepEqual([parties.alice.state, parties.bob.state], ['established', 'established']);
  });

  const badTargets = [
    { name: 'a tel URI', target: 'tel:+15551234567' },
    { name: 'a SUBSCRIBE referral', target: 'sip:carol@127.0.0.3;method=SUBSCRIBE' },
    { name: 'an attended transfer (Replaces)', target: 'sip:carol@127.0.0.3?Replaces=abc%3Bto-tag%3D1%3Bfrom-tag%3D2' },
  ];
  for (const row of badTargets) {
    test(`${row.name} is refused with 403 and nothing is placed`, async () => {
      const parties = await established();
      await assert.rejects(transfer(parties, row.target), /\(403 /);
      assert.equal(parties.placed.length, 0);
      assert.equal(parties.alice.state, 'established');
    });
  }

  test('no result within the time allowed: the transfer fails by timeout, on the injected clock', async () => {
    const parties = await established({ place: () => new Promise<SipCall>(() => undefined) });
    const { outcome } = await transfer(parties, CAROL, 5_000);
    let settled = false;
    void outcome.then(() => (settled = true));
    await parties.peers.run(4_000);
    assert.equal(settled, false, 'still waiting before the time is up');
    await parties.peers.run(1_100);
    assert.deepEqual(await outcome, { ok: false, failure: { kind: 'timeout', seconds: 5 } });
    assert.equal(parties.bob.state, 'established');
  });

  test('a second transfer while one is under way is refused on both sides', async () => {
    const parties = await established();
    await transfer(parties, CAROL);
    await assert.rejects(parties.bob.transfer('sip:dave@127.0.0.4'), (error: unknown) => isCallError(error, 'CALL_BUSY'));
    await assert.rejects(parties.alice.transfer('sip:dave@127.0.0.4'), (error: unknown) => isCallError(error, 'CALL_BUSY'));
  });

  test('the transferor may leave as soon as the transfer is accepted: its BYE ends Alice’s call as transferred, the new call goes on', async () => {
    const parties = await established();
    const { peers, alice, placed } = parties;
    await transfer(parties, CAROL);
    const aliceEnded = ended(alice);
    parties.bobSession.bye();
    await peers.run(20);
    assert.equal((await aliceEnded).reason, 'transferred by the other party');
    placed[0]?.call.established('PCMU/8000');
    await peers.run(20);
    assert.equal(placed[0]?.call.state, 'established');
    assert.deepEqual(sipfrags(peers), ['SIP/2.0 100 Trying'], 'no NOTIFY into a dialog that is gone');
  });

  test('the call ending first abandons the transfer: its outcome says so and no BYE is sent twice', async () => {
    const parties = await established();
    const { outcome } = await transfer(parties, CAROL);
    const bobEnded = ended(parties.bob);
    parties.bob.hangUp();
    await parties.peers.run(20);
    assert.deepEqual(await outcome, { ok: false, failure: { kind: 'callEnded' } });
    assert.equal((await bobEnded).reason, 'hangup by us');
    assert.equal(parties.peers.net.count('BYE'), 1);
  });

  test('only an established call can be transferred', async () => {
    const call = new SipCall({ callId: 'x', direction: 'outgoing', from: 'sip:a@127.0.0.1', to: 'sip:b@127.0.0.2' }, PLAN);
    await assert.rejects(call.transfer(CAROL), (error: unknown) => isCallError(error, 'CALL_NOT_ESTABLISHED'));
  });
});

describe('the other party’s display name', () => {
  test('an incoming call shows the caller’s From name; an outgoing one the To we dialled, here none', async () => {
    const { alice, bob } = await established();
    assert.equal(bob.remoteDisplayName, 'Alice', 'the UA of the test sends “Alice” in From');
    assert.equal(alice.remoteDisplayName, null);
  });

  test('a name given later (a transfer’s Refer-To) labels a call that had none, cleaned like any other', () => {
    const call = new SipCall({ callId: 'x', direction: 'outgoing', from: 'sip:a@127.0.0.1', to: CAROL }, PLAN);
    call.nameRemote('Carol\u202E\r\n');
    assert.equal(call.remoteDisplayName, 'Carol');
    call.nameRemote(null);
    assert.equal(call.remoteDisplayName, 'Carol', 'no name does not erase one');
  });
});
