/**
 * A bare endpoint on the FakeSipNetwork that sends hand-made requests and records what comes
 * back, for tests that need a peer to misbehave in a precise way (loops, wrong CSeq, stray
 * in-dialog requests) — things a well-behaved UA core never sends.
 */
import { createRequest, type SipHeaderInit, type SipRequest, type SipResponse } from '../../src/main/sip/message/index.js';
import type { TransportAddress } from '../../src/main/sip/transport/sip-transport.js';
import type { FakeSipNetwork, FakeTransport } from './sip-ua-network.js';

export interface ProbeRequestInit {
  readonly method: string;
  readonly requestUri: string;
  readonly branch?: string;
  readonly fromTag?: string;
  readonly toTag?: string;
  readonly callId?: string;
  readonly cseq?: number;
  readonly cseqMethod?: string;
  readonly maxForwards?: number;
  readonly headers?: readonly SipHeaderInit[];
  readonly body?: string;
  readonly contentType?: string;
  readonly contact?: boolean;
}

export class SipProbe {
  readonly transport: FakeTransport;
  readonly responses: SipResponse[] = [];
  readonly requests: SipRequest[] = [];
  readonly #host: string;
  #branches = 0;

  constructor(net: FakeSipNetwork, host = '127.0.0.9') {
    this.#host = host;
    this.transport = net.transport(host);
    this.transport.onResponse((inbound) => this.responses.push(inbound.message));
    this.transport.onRequest((inbound) => this.requests.push(inbound.message));
  }

  build(init: ProbeRequestInit): SipRequest {
    const method = init.method;
    const headers: SipHeaderInit[] = [
      ['Via', `SIP/2.0/UDP ${this.#host}:5060;branch=${init.branch ?? `z9hG4bKprobe${++this.#branches}`}`],
      ['Max-Forwards', String(init.maxForwards ?? 70)],
      ['From', `<sip:probe@${this.#host}>;tag=${init.fromTag ?? 'probetag'}`],
      ['To', `<${init.requestUri}>${init.toTag === undefined ? '' : `;tag=${init.toTag}`}`],
      ['Call-ID', init.callId ?? 'probe-call'],
      ['CSeq', `${init.cseq ?? 1} ${init.cseqMethod ?? method}`],
      ...(init.contact === false ? [] : [['Contact', `<sip:probe@${this.#host}:5060>`] as const]),
      ...(init.headers ?? []),
    ];
    return createRequest({ method, requestUri: init.requestUri, headers, ...(init.body === undefined ? {} : { body: init.body, contentType: init.contentType ?? 'application/sdp' }) });
  }

  send(request: SipRequest, to: TransportAddress): void {
    void this.transport.sendRequest(request, to).catch(() => undefined);
  }

  /** Final responses to `method`, by status. */
  finals(method?: string): number[] {
    return this.responses.filter((r) => r.status >= 200 && (method === undefined || r.headers.first('CSeq')?.endsWith(` ${method}`))).map((r) => r.status);
  }

  last(): SipResponse | undefined {
    return this.responses.at(-1);
  }
}
