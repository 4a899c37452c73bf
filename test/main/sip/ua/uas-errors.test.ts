import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SipResponse } from '../../../../src/main/sip/message/index.js';
import { BOB_HOST, SDP_ANSWER, twoPeers, type Peers } from '../../../helpers/sip-ua-peers.js';
import { type ProbeRequestInit, SipProbe } from '../../../helpers/sip-ua-probe.js';

const BOB = { protocol: 'UDP' as const, host: BOB_HOST, port: 5060 };
const BOB_URI = 'sip:bob@127.0.0.2';
const OFFER = 'v=0\r\no=- 1 1 IN IP4 127.0.0.9\r\ns=-\r\nt=0 0\r\n';

interface Scene {
  readonly peers: Peers;
  readonly probe: SipProbe;
  send(init: ProbeRequestInit): void;
}

/** The probe calls Bob (who answers), ACKs, and returns Bob's To tag: a dialog to misbehave in. */
async function establishedDialog(scene: Scene): Promise<string> {
  scene.peers.bob.onIncomingInvite((invite) => invite.accept(SDP_ANSWER));
  scene.send({ method: 'INVITE', requestUri: BOB_URI, callId: 'dialog-1', cseq: 5, body: OFFER });
  await scene.peers.run(10);
  const ok = scene.probe.responses.find((r) => r.status === 200);
  const toTag = /;tag=([^;]+)/.exec(ok?.headers.first('To') ?? '')?.[1] ?? '';
  scene.send({ method: 'ACK', requestUri: BOB_URI, callId: 'dialog-1', cseq: 5, toTag, contact: false });
  await scene.peers.run(10);
  scene.probe.responses.length = 0;
  return toTag;
}

interface Case {
  readonly name: string;
  readonly status: number;
  readonly header?: readonly [string, RegExp];
  run(scene: Scene): Promise<void> | void;
}

const CASES: readonly Case[] = [
  {
    name: '§8.2.1: a method we do not support gets 405 with Allow',
    status: 405,
    header: ['Allow', /^INVITE, ACK, CANCEL, BYE, OPTIONS, REFER, NOTIFY$/],
    run: (s) => s.send({ method: 'PUBLISH', requestUri: BOB_URI }),
  },
  {
    name: '§8.2.2.1: a tel: Request-URI gets 416',
    status: 416,
    run: (s) => s.send({ method: 'OPTIONS', requestUri: 'tel:+15550100' }),
  },
  {
    name: '§8.2.2.3: Require with an extension we lack gets 420 with Unsupported',
    status: 420,
    header: ['Unsupported', /^100rel$/],
    run: (s) => s.send({ method: 'INVITE', requestUri: BOB_URI, headers: [['Require', '100rel']], body: OFFER }),
  },
  {
    name: '§16.3 (by analogy): Max-Forwards 0 gets 483',
    status: 483,
    run: (s) => s.send({ method: 'INVITE', requestUri: BOB_URI, maxForwards: 0, body: OFFER }),
  },
  {
    name: '§8.2.3: an INVITE body that is not SDP gets 415 with Accept',
    status: 415,
    header: ['Accept', /^application\/sdp$/],
    run: (s) => s.send({ method: 'INVITE', requestUri: BOB_URI, body: 'hello', contentType: 'text/plain' }),
  },
  {
    name: '§8.1.1.8: an INVITE without Contact gets 400',
    status: 400,
    run: (s) => s.send({ method: 'INVITE', requestUri: BOB_URI, body: OFFER, contact: false }),
  },
  {
    name: '§8.2.2.2: a merged request (same From tag, Call-ID, CSeq, other branch) gets 482',
    status: 482,
    async run(s) {
      s.peers.bob.onIncomingInvite((invite) => invite.ring());
      s.send({ method: 'INVITE', requestUri: BOB_URI, branch: 'z9hG4bKfirstpath', body: OFFER });
      await s.peers.run(5);
      s.send({ method: 'INVITE', requestUri: BOB_URI, branch: 'z9hG4bKsecondpath', body: OFFER });
    },
  },
  {
    name: '§15.1.2: a BYE outside any dialog gets 481',
    status: 481,
    run: (s) => s.send({ method: 'BYE', requestUri: BOB_URI }),
  },
  {
    name: '§12.2.2: a request with a To tag matching no dialog gets 481',
    status: 481,
    run: (s) => s.send({ method: 'BYE', requestUri: BOB_URI, toTag: 'nosuchdialog' }),
  },
  {
    name: '§13.3.1.3: the callee busy gets 486',
    status: 486,
    run(s) {
      s.peers.bob.onIncomingInvite((invite) => invite.reject());
      s.send({ method: 'INVITE', requestUri: BOB_URI, body: OFFER });
    },
  },
  {
    name: '§9.2: a CANCELled INVITE gets 487',
    status: 487,
    async run(s) {
      s.peers.bob.onIncomingInvite((invite) => invite.ring());
      s.send({ method: 'INVITE', requestUri: BOB_URI, branch: 'z9hG4bKtocancel', body: OFFER });
      await s.peers.run(5);
      s.send({ method: 'CANCEL', requestUri: BOB_URI, branch: 'z9hG4bKtocancel', contact: false });
    },
  },
  {
    name: '§14.2: a re-INVITE without an offer handler gets 488',
    status: 488,
    async run(s) {
      const toTag = await establishedDialog(s);
      s.send({ method: 'INVITE', requestUri: BOB_URI, callId: 'dialog-1', cseq: 6, toTag, body: OFFER });
    },
  },
  {
    name: '§12.2.2: a request in a dialog with a lower CSeq gets 500',
    status: 500,
    async run(s) {
      const toTag = await establishedDialog(s);
      s.send({ method: 'OPTIONS', requestUri: BOB_URI, callId: 'dialog-1', cseq: 4, toTag });
    },
  },
  {
    name: '§11.2: OPTIONS with Max-Forwards 0 is still answered',
    status: 200,
    run: (s) => s.send({ method: 'OPTIONS', requestUri: BOB_URI, maxForwards: 0 }),
  },
];

describe('UAS error responses, where RFC 3261 puts them', () => {
  for (const c of CASES) {
    test(`${c.name}`, async () => {
      const peers = twoPeers();
      const probe = new SipProbe(peers.net);
      const scene: Scene = { peers, probe, send: (init) => probe.send(probe.build(init), BOB) };
      await c.run(scene);
      await peers.run(20);
      const final: SipResponse | undefined = probe.responses.filter((r) => r.status >= 200).at(-1);
      assert.equal(final?.status, c.status, `got ${probe.responses.map((r) => `${r.status} ${r.headers.first('CSeq') ?? ''}`).join(', ')}`);
      if (c.header) assert.match(final?.headers.first(c.header[0]) ?? '', c.header[1]);
      if (c.status !== 200 && c.status !== 487) {
        // The error response carries a To tag (§8.2.6.2) and the UAS kept no dialog for it.
        assert.match(final?.headers.first('To') ?? '', /;tag=/);
      }
    });
  }

  test('a retransmitted request that was refused gets the same refusal, not a second decision', async () => {
    const peers = twoPeers();
    const probe = new SipProbe(peers.net);
    const request = probe.build({ method: 'PUBLISH', requestUri: BOB_URI, branch: 'z9hG4bKsame' });
    probe.send(request, BOB);
    await peers.run(5);
    probe.send(request, BOB);
    await peers.run(5);
    assert.deepEqual(probe.finals(), [405, 405]);
    assert.equal(probe.responses[0]?.headers.first('To'), probe.responses[1]?.headers.first('To'));
  });
});
