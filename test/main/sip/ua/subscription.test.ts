import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { contentText, type IncomingSubscription, type SubscriptionNotified } from '../../../../src/main/sip/ua/index.js';
import { twoPeers } from '../../../helpers/sip-ua-peers.js';

const PIDF = (status: string) => ({ contentType: 'application/pidf+xml', body: `<presence><tuple id="a"><status><basic>${status}</basic></status></tuple></presence>` });

function presenceServer(peers: ReturnType<typeof twoPeers>, options: { minExpires?: number; maxExpires?: number } = {}): IncomingSubscription[] {
  const subscriptions: IncomingSubscription[] = [];
  peers.bob.setEventPackage('presence', {
    defaultExpires: 3600,
    ...options,
    onSubscribe: (subscription) => {
      subscriptions.push(subscription);
      subscription.accept({ content: PIDF('open') });
    },
  });
  return subscriptions;
}

describe('SUBSCRIBE / NOTIFY (RFC 6665)', () => {
  test('200 with the grant and at once a NOTIFY with the state; later NOTIFYs follow the state', async () => {
    const peers = twoPeers();
    const served = presenceServer(peers);
    const subscription = peers.alice.subscribe(peers.bobUri, { event: 'presence', expires: 600, accept: ['application/pidf+xml'] });
    const notified: SubscriptionNotified[] = [];
    subscription.onNotified((n) => notified.push(n));
    let granted = 0;
    subscription.onAccepted((a) => (granted = a.expires));
    await peers.run(20);
    assert.equal(granted, 600);
    assert.equal(subscription.state, 'active');
    assert.equal(notified[0]?.state.state, 'active');
    assert.equal(notified[0]?.state.expires, 600);
    assert.match(contentText(notified[0]?.content), /open/);
    served[0]?.notify(PIDF('closed'));
    await peers.run(20);
    assert.match(contentText(notified[1]?.content), /closed/);
    assert.equal(peers.net.count('200 NOTIFY'), 2);
  });

  test('the subscriber refreshes before the grant runs out and the notifier answers with a new NOTIFY', async () => {
    const peers = twoPeers();
    const served = presenceServer(peers);
    const refreshed: number[] = [];
    const subscription = peers.alice.subscribe(peers.bobUri, { event: 'presence', expires: 120 });
    await peers.run(10);
    served[0]?.onRefreshed((r) => refreshed.push(r.expires));
    peers.clock.advance(87_000);
    assert.equal(peers.net.count('SUBSCRIBE'), 1, 'not yet: 120 s granted, refresh 32 s before the end');
    peers.clock.advance(2_000);
    assert.equal(peers.net.count('SUBSCRIBE'), 2);
    assert.deepEqual(refreshed, [120]);
    assert.equal(peers.net.count('NOTIFY'), 2);
    peers.clock.advance(300_000);
    assert.equal(subscription.state, 'active', 'kept alive by refreshes');
    assert.equal(served[0]?.state, 'active');
  });

  test('unsubscribe (Expires 0) ends it with a terminating NOTIFY on both ends', async () => {
    const peers = twoPeers();
    const served = presenceServer(peers);
    const subscription = peers.alice.subscribe(peers.bobUri, { event: 'presence' });
    const ends: string[] = [];
    subscription.onTerminated((t) => ends.push(`subscriber ${t.reason ?? '-'}`));
    await peers.run(10);
    served[0]?.onEnded((e) => ends.push(`notifier ${e.reason}`));
    subscription.unsubscribe();
    await peers.run(20);
    assert.deepEqual(ends, ['notifier unsubscribed', 'subscriber -']);
    assert.equal(peers.net.wire.filter((r) => r.label === 'NOTIFY').at(-1)?.message.headers.first('Subscription-State'), 'terminated');
    assert.equal(peers.alice.dialogCount + peers.bob.dialogCount, 0);
  });

  test('a subscription nobody refreshes expires at the notifier with reason=timeout', async () => {
    const peers = twoPeers();
    const served = presenceServer(peers);
    peers.net.dropAll((r) => r.label === 'SUBSCRIBE' && r.at > 0);
    const subscription = peers.alice.subscribe(peers.bobUri, { event: 'presence', expires: 60 });
    let reason: string | undefined;
    subscription.onTerminated((t) => (reason = t.reason ?? t.outcome?.status.toString()));
    await peers.run(10);
    peers.clock.advance(61_000);
    assert.equal(served[0]?.state, 'terminated');
    assert.equal(reason, 'timeout');
  });

  test('the notifier ends it with a reason', async () => {
    const peers = twoPeers();
    const served = presenceServer(peers);
    const subscription = peers.alice.subscribe(peers.bobUri, { event: 'presence' });
    let reason: string | undefined;
    subscription.onTerminated((t) => (reason = t.reason));
    await peers.run(10);
    served[0]?.terminate('noresource');
    await peers.run(10);
    assert.equal(reason, 'noresource');
    assert.equal(subscription.state, 'terminated');
  });

  const refusals = [
    { name: 'an unknown event package gets 489 Bad Event with Allow-Events', event: 'dialog', expires: 600, status: 489, header: ['Allow-Events', 'presence'] },
    { name: 'an Expires below Min-Expires gets 423 with Min-Expires', event: 'presence', expires: 10, status: 423, header: ['Min-Expires', '60'] },
  ] as const;
  for (const row of refusals) {
    test(row.name, async () => {
      const peers = twoPeers();
      presenceServer(peers, { minExpires: 60 });
      const subscription = peers.alice.subscribe(peers.bobUri, { event: row.event, expires: row.expires });
      let status = 0;
      let header: string | undefined;
      subscription.onTerminated((t) => {
        status = t.outcome?.status ?? 0;
        header = t.outcome?.response?.headers.first(row.header[0]);
      });
      await peers.run(10);
      assert.equal(status, row.status);
      assert.equal(header, row.header[1]);
    });
  }

  test('a NOTIFY that overtakes the 200 creates the dialog (§4.1.2.4)', async () => {
    const peers = twoPeers();
    presenceServer(peers);
    peers.net.dropNext((r) => r.label === '200 SUBSCRIBE');
    const subscription = peers.alice.subscribe(peers.bobUri, { event: 'presence' });
    const notified: string[] = [];
    subscription.onNotified((n) => notified.push(n.state.state));
    await peers.run(1_000);
    assert.deepEqual(notified, ['active']);
    assert.equal(subscription.state, 'active');
    assert.equal(peers.net.count('200 NOTIFY'), 1);
  });
});
