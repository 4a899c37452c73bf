import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatNameAddr } from '../../../../src/main/sip/message/index.js';
import type { IncomingInvite, InviteSession, SessionEnded } from '../../../../src/main/sip/ua/index.js';
import { FakeClock } from '../../../helpers/fake-clock.js';
import { ForkingProxy } from '../../../helpers/sip-ua-forking-proxy.js';
import { FakeSipNetwork } from '../../../helpers/sip-ua-network.js';
import { runFor, SDP_ANSWER, SDP_OFFER, uaOn } from '../../../helpers/sip-ua-peers.js';

const PROXY = '127.0.0.4';
const DEVICES = ['127.0.0.2', '127.0.0.3', '127.0.0.6'];

describe('an INVITE forked by a proxy (RFC 3261 §13.2.2.4, §16.7)', () => {
  test('the first 2xx wins; the other 2xx is ACKed then ended with BYE; the ringing branch is CANCELled', async () => {
    const clock = new FakeClock();
    const net = new FakeSipNetwork({ clock, latencyMs: 2 });
    const alice = uaOn(net, clock, 'alice', '127.0.0.1', 11).ua;
    const proxy = new ForkingProxy(
      net,
      PROXY,
      DEVICES.map((host) => ({ uri: `sip:bob@${host};transport=tcp`, address: { protocol: 'TCP' as const, host, port: 5060 } })),
    );
    const devices = DEVICES.map((host, i) => {
      const { ua } = uaOn(net, clock, 'bob', host, 20 + i);
      const state: { invite?: IncomingInvite; session?: InviteSession; ended?: SessionEnded; cancelled?: string } = {};
      ua.onIncomingInvite((invite) => {
        state.invite = invite;
        invite.ring();
        invite.onCancelled((c) => (state.cancelled = c.by));
        // Devices 0 and 1 answer 1 ms apart; device 2 only rings.
        if (i < 2)
          clock.setTimer(100 + i, () => {
            state.session = invite.accept(SDP_ANSWER);
            state.session.onEnded((e) => (state.ended = e));
          });
      });
      return { ua, state };
    });
    const call = alice.invite(`sip:bob@${PROXY};transport=tcp`, { content: SDP_OFFER });
    const early: string[] = [];
    call.onEarly((e) => early.push(e.dialog.id.remoteTag));
    const established: InviteSession[] = [];
    call.onEstablished((s) => established.push(s));
    await runFor(clock, 500);

    assert.equal(early.length, 3, 'one early dialog per ringing device');
    assert.equal(established.length, 1);
    const [winner, loser, ringing] = devices;
    assert.equal(established[0]?.dialog.id.remoteTag, winner?.state.session?.dialog.id.localTag);
    assert.equal(winner?.state.session?.state, 'confirmed');
    assert.equal(winner?.state.ended, undefined);
    assert.deepEqual(loser?.state.ended, { by: 'remote', reason: 'bye' }, 'the losing fork was ACKed, then ended with BYE');
    assert.equal(ringing?.state.cancelled, 'CANCEL');
    assert.equal(ringing?.state.invite?.state, 'cancelled');
    assert.deepEqual(proxy.cancelled.map((a) => a.host).sort(), [DEVICES[1], DEVICES[2]]);
    assert.equal(net.count('ACK', { from: '127.0.0.1', to: DEVICES[0] }), 1);
    assert.equal(net.count('ACK', { from: '127.0.0.1', to: DEVICES[1] }), 1);
    assert.equal(net.count('BYE', { from: '127.0.0.1', to: DEVICES[0] }), 0);
    assert.equal(net.count('BYE', { from: '127.0.0.1', to: DEVICES[1] }), 1);
    assert.equal(net.count('487 INVITE', { from: DEVICES[2] }), 1);
    assert.equal(call.state, 'established');
    assert.equal(alice.dialogCount, 1, 'only the winner’s dialog is left');
  });
});

describe('a Record-Routing proxy (§12.1, §16.12 loose routing)', () => {
  test('ACK, re-INVITE and BYE follow the route set through the proxy, both ways', async () => {
    const clock = new FakeClock();
    const net = new FakeSipNetwork({ clock, latencyMs: 2 });
    const alice = uaOn(net, clock, 'alice', '127.0.0.1', 31).ua;
    const bob = uaOn(net, clock, 'bob', '127.0.0.2', 32).ua;
    const proxy = new ForkingProxy(net, PROXY, [{ uri: 'sip:bob@127.0.0.2;transport=tcp', address: { protocol: 'TCP', host: '127.0.0.2', port: 5060 } }], { recordRoute: true });
    let bobSession: InviteSession | undefined;
    bob.onIncomingInvite((invite) => {
      bobSession = invite.accept(SDP_ANSWER);
      bobSession.setOfferHandler(() => SDP_ANSWER);
    });
    const call = alice.invite(`sip:bob@${PROXY};transport=tcp`, { content: SDP_OFFER });
    await runFor(clock, 50);
    const aliceSession = call.session;
    assert.ok(aliceSession && bobSession);
    const proxyRoute = `<sip:${PROXY}:5060;transport=tcp;lr>`;
    assert.deepEqual(aliceSession.dialog.routeSet.map(formatNameAddr), [proxyRoute]);
    assert.deepEqual(bobSession.dialog.routeSet.map(formatNameAddr), [proxyRoute]);
    assert.equal(bobSession.state, 'confirmed', 'the ACK came through the proxy');
    const reinvite = aliceSession.modify(SDP_OFFER);
    await runFor(clock, 50);
    assert.equal((await reinvite).ok, true);
    bobSession.bye();
    await runFor(clock, 50);
    assert.equal(aliceSession.state, 'terminated');
    assert.deepEqual(proxy.relayed, ['ACK', 'INVITE', 'ACK', 'BYE']);
    assert.equal(net.count('BYE', { from: '127.0.0.2', to: '127.0.0.1' }), 0, 'nothing bypasses the proxy');
    const bye = net.wire.find((r) => r.label === 'BYE' && r.to.host === PROXY)?.message;
    assert.equal(bye?.headers.first('Route'), proxyRoute);
    assert.equal(bye?.kind === 'request' && bye.requestUri, 'sip:alice@127.0.0.1:5060;transport=tcp', 'the remote target, not the proxy');
  });
});
