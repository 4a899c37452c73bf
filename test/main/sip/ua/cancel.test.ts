import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { IncomingInvite } from '../../../../src/main/sip/ua/index.js';
import { ALICE_HOST, BOB_HOST, SDP_ANSWER, SDP_OFFER, twoPeers } from '../../../helpers/sip-ua-peers.js';
import { SipProbe } from '../../../helpers/sip-ua-probe.js';

describe('CANCEL (RFC 3261 §9)', () => {
  test('after a provisional response: the INVITE gets 487, the CANCEL 200, and both ends know', async () => {
    const peers = twoPeers();
    const cancelled: string[] = [];
    let incoming: IncomingInvite | undefined;
    peers.bob.onIncomingInvite((invite) => {
      incoming = invite;
      invite.ring();
      invite.onCancelled((e) => cancelled.push(e.by));
    });
    const call = peers.alice.invite(peers.bobUri, { content: SDP_OFFER });
    const failures: { status: number; cancelled: boolean }[] = [];
    call.onFailed((f) => failures.push({ status: f.status, cancelled: f.cancelled }));
    await peers.run(20);
    assert.equal(call.cancel(), true);
    await peers.run(50);
    assert.deepEqual(cancelled, ['CANCEL']);
    assert.equal(incoming?.state, 'cancelled');
    assert.deepEqual(failures, [{ status: 487, cancelled: true }]);
    assert.deepEqual(peers.net.labels({ from: ALICE_HOST }), ['INVITE', 'CANCEL', 'ACK']);
    assert.deepEqual(peers.net.labels({ from: BOB_HOST }), ['100 INVITE', '180 INVITE', '200 CANCEL', '487 INVITE']);
    const ok = peers.net.wire.find((r) => r.label === '200 CANCEL')?.message;
    const terminated = peers.net.wire.find((r) => r.label === '487 INVITE')?.message;
    assert.equal(ok?.headers.first('To'), terminated?.headers.first('To'), '§9.2: the same To tag on both responses');
    assert.throws(() => incoming?.accept(SDP_ANSWER), { code: 'UA_INVALID_STATE' });
  });

  test('before any provisional response the CANCEL waits for one (§9.1)', async () => {
    const peers = twoPeers();
    peers.net.dropAll((r) => r.label === '100 INVITE');
    let incoming: IncomingInvite | undefined;
    peers.bob.onIncomingInvite((invite) => (incoming = invite));
    const call = peers.alice.invite(peers.bobUri, { content: SDP_OFFER });
    let failed = 0;
    call.onFailed((f) => (failed = f.status));
    call.cancel();
    await peers.run(100);
    assert.equal(call.state, 'cancelPending');
    assert.equal(peers.net.count('CANCEL'), 0);
    incoming?.ring();
    await peers.run(50);
    assert.equal(peers.net.count('CANCEL'), 1);
    assert.equal(failed, 487);
  });

  test('a 2xx that crosses the CANCEL is ACKed and ended with BYE', async () => {
    const peers = twoPeers({ latencyMs: 10 });
    let incoming: IncomingInvite | undefined;
    peers.bob.onIncomingInvite((invite) => {
      incoming = invite;
      invite.ring();
    });
    const call = peers.alice.invite(peers.bobUri, { content: SDP_OFFER });
    const failures: number[] = [];
    call.onFailed((f) => failures.push(f.status));
    await peers.run(30);
    call.cancel();
    incoming?.accept(SDP_ANSWER);
    await peers.run(200);
    assert.deepEqual(failures, [487]);
    assert.deepEqual(peers.net.labels({ from: ALICE_HOST }), ['INVITE', 'CANCEL', 'ACK', 'BYE']);
    assert.equal(incoming?.session?.state, 'terminated');
    assert.equal(peers.alice.dialogCount + peers.bob.dialogCount, 0);
  });

  test('a CANCEL matching no INVITE gets 481 (§9.2)', async () => {
    const peers = twoPeers();
    const probe = new SipProbe(peers.net);
    probe.send(probe.build({ method: 'CANCEL', requestUri: 'sip:bob@127.0.0.2' }), { protocol: 'UDP', host: BOB_HOST, port: 5060 });
    await peers.run(10);
    assert.deepEqual(probe.finals(), [481]);
  });

  test('a CANCEL after the final response is answered 200 and changes nothing', async () => {
    const peers = twoPeers();
    const probe = new SipProbe(peers.net);
    peers.bob.onIncomingInvite((invite) => invite.reject(486));
    const bob = { protocol: 'UDP' as const, host: BOB_HOST, port: 5060 };
    const invite = probe.build({ method: 'INVITE', requestUri: 'sip:bob@127.0.0.2', branch: 'z9hG4bKcancelme', body: 'v=0\r\n' });
    probe.send(invite, bob);
    await peers.run(10);
    probe.send(probe.build({ method: 'CANCEL', requestUri: 'sip:bob@127.0.0.2', branch: 'z9hG4bKcancelme', contact: false }), bob);
    await peers.run(10);
    assert.deepEqual(probe.finals('INVITE').slice(0, 1), [486]);
    assert.deepEqual(probe.finals('CANCEL'), [200]);
  });
});
