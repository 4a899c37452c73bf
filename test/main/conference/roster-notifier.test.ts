import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { mergeConferenceInfo, parseConferenceInfo, type ConferenceInfo, type RosterMember } from '../../../src/main/conference/conference-info.js';
import { ConferenceRoster } from '../../../src/main/conference/conference-roster.js';
import { ROSTER_NOTIFY_INTERVAL_MS, RosterNotifier } from '../../../src/main/conference/roster-notifier.js';
import type { IncomingSubscription, SipContentInit } from '../../../src/main/sip/ua/index.js';
import { FakeClock } from '../../helpers/fake-clock.js';

const ENTITY = 'sip:ybndrfg8ejkmcpqxot1uwisza345h769ybndrfg8ejkmcpqxot1u@conference.parley.invalid';
const member = (memberId: string, name: string): RosterMember => ({
  memberId,
  uri: `sip:${name.toLowerCase()}@parley.invalid`,
  contact: `sip:${name.toLowerCase()}@${memberId}.parley.invalid`,
  displayName: name,
  joinedAt: 1,
  muted: false,
  speaking: false,
  role: 'member',
});

/** A watcher as the notifier sees it: what it was sent, applied as a member would apply it. */
class FakeSubscription {
  state: 'requested' | 'active' | 'terminated' | 'rejected' = 'requested';
  readonly bodies: string[] = [];
  terminatedWith: string | undefined;
  #ended: (() => void) | undefined;
  view: ConferenceInfo | undefined;

  accept(options: { content?: SipContentInit }): void {
    this.state = 'active';
    this.#received(options.content);
  }
  reject(): void {
    this.state = 'rejected';
  }
  notify(content: SipContentInit): void {
    this.#received(content);
  }
  terminate(reason: string): void {
    this.state = 'terminated';
    this.terminatedWith = reason;
    this.#ended?.();
  }
  onEnded(listener: () => void): () => void {
    this.#ended = listener;
    return () => undefined;
  }
  get names(): string[] {
    return (this.view?.members ?? []).map((entry) => `${entry.displayName}${entry.speaking ? '*' : ''}${entry.muted ? ' (muted)' : ''}`).sort();
  }
  #received(content: SipContentInit | undefined): void {
    const body = typeof content?.body === 'string' ? content.body : '';
    this.bodies.push(body);
    const parsed = parseConferenceInfo(body);
    assert.ok(parsed.ok, body);
    this.view = mergeConferenceInfo(this.view, parsed.info) ?? assert.fail(`version ${parsed.info.version} did not apply`);
  }
}

const asSubscription = (fake: FakeSubscription): IncomingSubscription => fake as unknown as IncomingSubscription;

describe('the roster notifier: full state first, partial documents after, at most two a second', () => {
  test('a subscriber gets the whole roster, then only what changed, and ends up with the focus’s roster', () => {
    const clock = new FakeClock();
    const roster = new ConferenceRoster(ENTITY, 'Weekly');
    const notifier = new RosterNotifier({ roster, clock });
    roster.add(member('m1', 'Alice'));
    roster.add(member('m2', 'Bob'));
    notifier.changed();
    clock.advance(ROSTER_NOTIFY_INTERVAL_MS);
    const watcher = new FakeSubscription();
    notifier.accept(asSubscription(watcher), 'm1');
    assert.deepEqual(watcher.names, ['Alice', 'Bob']);
    assert.match(watcher.bodies[0] ?? '', /state="full"/);

    roster.add(member('m3', 'Carol'));
    notifier.changed();
    assert.match(watcher.bodies[1] ?? '', /state="partial"/);
    assert.doesNotMatch(watcher.bodies[1] ?? '', /Alice|Bob/, 'only the user who changed is sent');
    assert.deepEqual(watcher.names, ['Alice', 'Bob', 'Carol']);

    clock.advance(ROSTER_NOTIFY_INTERVAL_MS);
    roster.setMuted('m2', true);
    roster.remove('m1');
    notifier.changed();
    assert.deepEqual(watcher.names, ['Bob (muted)', 'Carol']);
  });

  test('speaking changes inside an interval go out together at its end', () => {
    const clock = new FakeClock();
    const roster = new ConferenceRoster(ENTITY, '');
    const notifier = new RosterNotifier({ roster, clock });
    for (const [id, name] of [['m1', 'Alice'], ['m2', 'Bob']] as const) roster.add(member(id, name));
    const watcher = new FakeSubscription();
    notifier.accept(asSubscription(watcher));
    const sent = (): number => watcher.bodies.length;

    assert.ok(roster.setSpeaking(['m1']));
    notifier.changed();
    assert.equal(sent(), 2, 'the first change after a quiet spell goes out at once');
    for (const speaking of [['m2'], ['m1', 'm2'], ['m2']]) {
      roster.setSpeaking(speaking);
      notifier.changed();
    }
    assert.equal(sent(), 2, 'changes within the interval wait');
    clock.advance(ROSTER_NOTIFY_INTERVAL_MS);
    assert.equal(sent(), 3, 'and go out together at its end');
    assert.deepEqual(watcher.names, ['Alice', 'Bob*']);
    clock.advance(ROSTER_NOTIFY_INTERVAL_MS * 4);
    assert.equal(sent(), 3, 'nothing more without a change');
    assert.equal(roster.setSpeaking(['m2']), false, 'the same speakers are no change');
  });

  test('a member who leaves loses their subscription; closing ends every one with noresource', () => {
    const clock = new FakeClock();
    const roster = new ConferenceRoster(ENTITY, '');
    const notifier = new RosterNotifier({ roster, clock });
    const alice = new FakeSubscription();
    const bob = new FakeSubscription();
    notifier.accept(asSubscription(alice), 'm1');
    notifier.accept(asSubscription(bob), 'm2');
    notifier.dropMember('m1');
    assert.equal(alice.terminatedWith, 'deactivated');
    assert.equal(notifier.subscriptionCount, 1);
    notifier.close();
    assert.equal(bob.terminatedWith, 'noresource');
    const late = new FakeSubscription();
    notifier.accept(asSubscription(late));
    assert.equal(late.state, 'rejected', 'a conference that ended takes no subscriptions');
    assert.equal(clock.pendingTimers, 0, 'no timer outlives the notifier');
  });

  test('the lock is news too, and the user count counts users, not devices', () => {
    const roster = new ConferenceRoster(ENTITY, '');
    roster.add(member('m1', 'Gina'));
    roster.add({ ...member('m2', 'Gina'), contact: 'sip:gina@other.parley.invalid' });
    roster.takeChanges();
    assert.equal(roster.dirty, false);
    assert.ok(roster.setLocked(true));
    assert.equal(roster.setLocked(true), false);
    const body = roster.takeChanges() ?? assert.fail('the lock changed');
    assert.match(body, /<user-count>1<\/user-count>.*<locked>true<\/locked>/);
    assert.equal(roster.takeChanges(), undefined);
  });
});
