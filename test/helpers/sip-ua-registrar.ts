/**
 * A registrar for tests (RFC 3261 §10.3) that challenges with Digest and checks the answer with
 * its own hashing (not the UA's digest module, so a bug there cannot agree with itself). It
 * keeps one binding per AoR and grants at most `maxExpires`.
 */
import { createHash } from 'node:crypto';
import { createResponse, type SipRequest } from '../../src/main/sip/message/index.js';
import type { FakeSipNetwork, FakeTransport } from './sip-ua-network.js';

export interface FakeRegistrarOptions {
  readonly host?: string;
  readonly realm?: string;
  readonly users: Readonly<Record<string, string>>;
  /** Challenges, in the order of the WWW-Authenticate fields. */
  readonly algorithms?: readonly ('MD5' | 'SHA-256')[];
  readonly maxExpires?: number;
  readonly minExpires?: number;
  /** Answer 407 / Proxy-Authenticate instead of 401 / WWW-Authenticate. */
  readonly proxy?: boolean;
}

const HASH = { 'MD5': 'md5', 'SHA-256': 'sha256' } as const;

function params(value: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const match of value.replace(/^Digest\s+/i, '').matchAll(/([a-zA-Z-]+)=("((?:[^"\\]|\\.)*)"|[^,\s]+)/g)) out.set((match[1] ?? '').toLowerCase(), match[3] ?? match[2] ?? '');
  return out;
}

export class FakeRegistrar {
  readonly transport: FakeTransport;
  readonly requests: SipRequest[] = [];
  /** AoR → Contact and expiry. */
  readonly bindings = new Map<string, { contact: string; expires: number }>();
  readonly #options: FakeRegistrarOptions;
  #nonces = 0;

  constructor(net: FakeSipNetwork, options: FakeRegistrarOptions) {
    this.#options = options;
    this.transport = net.transport(options.host ?? '127.0.0.5');
    this.transport.onRequest((inbound) => this.#receive(inbound.message, inbound.source));
  }

  get uri(): string {
    return `sip:${this.transport.host}`;
  }

  #receive(request: SipRequest, source: Parameters<FakeTransport['sendResponse']>[1]): void {
    this.requests.push(request);
    const respond = (status: number, headers: [string, string][] = []): void => void this.transport.sendResponse(createResponse(request, status, { toTag: 'registrar', headers }), source);
    const header = this.#options.proxy ? 'Proxy-Authorization' : 'Authorization';
    const credentials = request.headers.first(header);
    if (credentials === undefined || !this.#verify(request, credentials)) {
      const realm = this.#options.realm ?? 'parley.test';
      const challenges = (this.#options.algorithms ?? ['MD5']).map((algorithm): [string, string] => [
        this.#options.proxy ? 'Proxy-Authenticate' : 'WWW-Authenticate',
        `Digest realm="${realm}", nonce="n${++this.#nonces}x", opaque="op4que", qop="auth,auth-int", algorithm=${algorithm}`,
      ]);
      return respond(this.#options.proxy ? 407 : 401, challenges);
    }
    const asked = Number(request.headers.first('Expires') ?? '3600');
    if (asked > 0 && this.#options.minExpires !== undefined && asked < this.#options.minExpires) return respond(423, [['Min-Expires', String(this.#options.minExpires)]]);
    const aor = /<([^>]+)>/.exec(request.headers.first('To') ?? '')?.[1] ?? '';
    const contact = /<([^>]+)>/.exec(request.headers.first('Contact') ?? '')?.[1] ?? '';
    if (asked === 0) {
      this.bindings.delete(aor);
      return respond(200);
    }
    const granted = Math.min(asked, this.#options.maxExpires ?? asked);
    this.bindings.set(aor, { contact, expires: granted });
    respond(200, [['Contact', `<${contact}>;expires=${granted}`], ['Contact', `<sip:other-device@192.0.2.77>;expires=3600`]]);
  }

  /** RFC 2617 §3.2.2.1 with RFC 7616's hash names, computed here independently. */
  #verify(request: SipRequest, value: string): boolean {
    const p = params(value);
    const algorithm = p.get('algorithm') === 'SHA-256' ? 'SHA-256' : 'MD5';
    const H = (text: string): string => createHash(HASH[algorithm]).update(text).digest('hex');
    const username = p.get('username') ?? '';
    const password = this.#options.users[username];
    if (password === undefined || p.get('uri') !== request.requestUri || p.get('opaque') !== 'op4que') return false;
    const ha1 = H(`${username}:${p.get('realm') ?? ''}:${password}`);
    const ha2 = H(`${request.method}:${p.get('uri') ?? ''}`);
    const expected = H([ha1, p.get('nonce'), p.get('nc'), p.get('cnonce'), p.get('qop'), ha2].join(':'));
    return p.get('qop') === 'auth' && /^[0-9a-f]{8}$/.test(p.get('nc') ?? '') && expected === p.get('response');
  }
}
