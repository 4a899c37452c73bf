/**
 * Two UA cores, Alice (127.0.0.1) and Bob (127.0.0.2), on a FakeSipNetwork, with helpers to
 * run fake time and let promises settle. Tests place calls between them.
 */
import { UserAgentCore, type UserAgentCoreOptions } from '../../src/main/sip/ua/index.js';
import { FakeClock } from './fake-clock.js';
import { FakeSipNetwork, type FakeTransport, seededBytes } from './sip-ua-network.js';

export const ALICE_HOST = '127.0.0.1';
export const BOB_HOST = '127.0.0.2';

export interface PeersOptions {
  readonly protocol?: 'UDP' | 'TCP';
  readonly loss?: number;
  readonly seed?: number;
  readonly latencyMs?: number;
  readonly alice?: Partial<UserAgentCoreOptions>;
  readonly bob?: Partial<UserAgentCoreOptions>;
  /** Collect log lines (printed by a failing test's author when needed). */
  readonly log?: string[];
}

export interface Peers {
  readonly clock: FakeClock;
  readonly net: FakeSipNetwork;
  readonly alice: UserAgentCore;
  readonly bob: UserAgentCore;
  readonly aliceTransport: FakeTransport;
  readonly bobTransport: FakeTransport;
  /** `sip:bob@127.0.0.2:5060` (with `;transport=tcp` on TCP). */
  readonly bobUri: string;
  readonly aliceUri: string;
  /** Advances fake time by `ms` in 1 ms steps, letting promises settle between steps. */
  run(ms: number): Promise<void>;
}

/** Lets pending promise callbacks run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export function uaOn(net: FakeSipNetwork, clock: FakeClock, name: string, host: string, seed: number, extra: Partial<UserAgentCoreOptions> = {}, log?: string[]): { ua: UserAgentCore; transport: FakeTransport } {
  const transport = net.transport(host);
  const ua = new UserAgentCore({
    transport,
    clock,
    aor: `sip:${name}@${host}`,
    displayName: name[0]?.toUpperCase() + name.slice(1),
    random: seededBytes(seed),
    ...(log ? { log: (line: string) => log.push(`${clock.now()} ${name}: ${line}`) } : {}),
    ...extra,
  });
  return { ua, transport };
}

export function twoPeers(options: PeersOptions = {}): Peers {
  const clock = new FakeClock();
  const net = new FakeSipNetwork({ clock, latencyMs: options.latencyMs ?? 1, loss: options.loss ?? 0, seed: options.seed ?? 1 });
  const alice = uaOn(net, clock, 'alice', ALICE_HOST, (options.seed ?? 1) * 7 + 1, options.alice, options.log);
  const bob = uaOn(net, clock, 'bob', BOB_HOST, (options.seed ?? 1) * 7 + 2, options.bob, options.log);
  const suffix = options.protocol === 'TCP' ? ';transport=tcp' : '';
  return {
    clock,
    net,
    alice: alice.ua,
    bob: bob.ua,
    aliceTransport: alice.transport,
    bobTransport: bob.transport,
    bobUri: `sip:bob@${BOB_HOST}:5060${suffix}`,
    aliceUri: `sip:alice@${ALICE_HOST}:5060${suffix}`,
    run: (ms) => runFor(clock, ms),
  };
}

export async function runFor(clock: FakeClock, ms: number): Promise<void> {
  for (let i = 0; i < ms; i++) {
    clock.advance(1);
    if (i % 50 === 0 || i === ms - 1) await settle();
  }
}

export const SDP_OFFER = { contentType: 'application/sdp', body: 'v=0\r\no=alice 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\na=sendrecv\r\n' };
export const SDP_ANSWER = { contentType: 'application/sdp', body: 'v=0\r\no=bob 1 1 IN IP4 127.0.0.2\r\ns=-\r\nc=IN IP4 127.0.0.2\r\nt=0 0\r\nm=audio 5000 RTP/AVP 0\r\na=sendrecv\r\n' };
export const SDP_HOLD = { contentType: 'application/sdp', body: 'v=0\r\no=alice 1 2 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\na=sendonly\r\n' };
