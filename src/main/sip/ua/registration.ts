/**
 * A REGISTER client (RFC 3261 §10.2): binds our Contact to an address-of-record at a classic
 * registrar, answers a 401/407 digest challenge once (§22.2, RFC 2617, RFC 8760), takes the
 * Min-Expires of a 423 (§10.2.8), reads the granted expiry from the 200 (§10.2.4), refreshes
 * before it runs out, and removes the binding with Expires 0. One Call-ID for all of it, the
 * CSeq rising by one each time (§10.2).
 */
import type { TimerHandle } from '../../clock.js';
import { TypedEmitter } from '../../typed-emitter.js';
import { formatUri, getContactAddresses, getExpires, type SipHeaderInit, type SipResponse, type SipUri } from '../message/index.js';
import type { TransportAddress } from '../transport/sip-transport.js';
import { type DigestChallenge, type DigestCredentials, digestAuthorization, pickDigestChallenge } from './digest.js';
import { parseSipUriOrThrow } from './local-endpoint.js';
import { destinationFor, sendOutOfDialog } from './out-of-dialog-request.js';
import { refreshDelayMs } from './refresh-delay.js';
import { outcomeOfFailure, outcomeOfResponse, type RequestOutcome } from './request-outcome.js';
import { StateMachine } from './state-machine.js';
import type { UaContext } from './ua-context.js';

export interface RegisterOptions {
  /** The registrar's URI, the Request-URI of REGISTER (§10.2: the domain, no user part), e.g. `sip:192.0.2.4`. */
  readonly registrar: string;
  /** The address-of-record to bind (To and From); the UA's own by default. */
  readonly aor?: string;
  /** Seconds asked for; 3600 by default (§10.2.1.1 suggests servers default to one hour). */
  readonly expires?: number;
  readonly credentials?: DigestCredentials;
  readonly destination?: TransportAddress;
  /** An outbound proxy as Route values. */
  readonly routes?: readonly string[];
}

export type RegistrationState = 'registering' | 'registered' | 'unregistering' | 'unregistered' | 'failed';

const MOVES: Readonly<Record<RegistrationState, readonly RegistrationState[]>> = {
  registering: ['registered', 'unregistering', 'failed'],
  registered: ['registering', 'unregistering', 'failed'],
  unregistering: ['unregistered', 'failed'],
  unregistered: ['registering'],
  failed: ['registering'],
};

export type RegistrationEvents = {
  registered: { readonly expires: number; readonly response: SipResponse };
  unregistered: { readonly response?: SipResponse };
  failed: RequestOutcome;
};

/** What this REGISTER already retried: each kind of retry happens once per registration attempt. */
interface Retries {
  /** It answers a challenge; another (not stale) one is a failure (§22.2). */
  readonly auth: boolean;
  /** It answers a `stale=true` challenge to an answer (RFC 2617 §3.2.1); a second stale one fails. */
  readonly stale: boolean;
  /** It carries a 423's Min-Expires (§10.2.8). */
  readonly interval: boolean;
}

const FRESH: Retries = { auth: false, stale: false, interval: false };

/** Which header a challenge came in, and so which carries our answer (§22.2, §22.3). */
interface Challenge {
  readonly digest: DigestChallenge;
  readonly header: 'Authorization' | 'Proxy-Authorization';
  nc: number;
}

export class Registration {
  readonly #ctx: UaContext;
  readonly #options: RegisterOptions;
  readonly #machine = new StateMachine<RegistrationState>('registration', 'registering', MOVES);
  readonly #events = new TypedEmitter<RegistrationEvents>();
  /** The registrar's URI without user part: the Request-URI (§10.2) and the digest-uri. */
  readonly #requestUri: SipUri;
  readonly #aor: SipUri;
  readonly #callId: string;
  readonly #fromTag: string;
  readonly #destination: TransportAddress;
  #seq = 0;
  #expires: number;
  #challenge: Challenge | undefined;
  #refresh: TimerHandle | undefined;

  constructor(ctx: UaContext, options: RegisterOptions) {
    this.#ctx = ctx;
    this.#options = options;
    const { user: _user, password: _password, ...registrar } = parseSipUriOrThrow(options.registrar, 'the registrar');
    this.#requestUri = registrar;
    this.#aor = options.aor === undefined ? ctx.endpoint.aor : parseSipUriOrThrow(options.aor, 'the address-of-record');
    this.#callId = ctx.endpoint.newCallId();
    this.#fromTag = ctx.endpoint.newTag();
    this.#expires = options.expires ?? 3600;
    this.#destination = destinationFor(ctx, { requestUri: this.#requestUri, ...(options.routes ? { routes: options.routes } : {}) }, options.destination);
    this.#send(this.#expires, FRESH);
  }

  get state(): RegistrationState {
    return this.#machine.state;
  }

  onRegistered(listener: (event: RegistrationEvents['registered']) => void): () => void {
    return this.#events.on('registered', listener);
  }

  onUnregistered(listener: (event: RegistrationEvents['unregistered']) => void): () => void {
    return this.#events.on('unregistered', listener);
  }

  onFailed(listener: (outcome: RequestOutcome) => void): () => void {
    return this.#events.on('failed', listener);
  }

  /** Registers again now (after a failure, say). */
  refresh(): void {
    if (this.#machine.is('unregistering')) return;
    this.#machine.transition('registering');
    this.#send(this.#expires, FRESH);
  }

  /** §10.2.2: Expires 0 removes our binding. */
  unregister(): void {
    if (!this.#machine.is('registering', 'registered')) return;
    this.#refresh?.cancel();
    this.#machine.transition('unregistering');
    this.#send(0, FRESH);
  }

  close(): void {
    this.unregister();
  }

  #send(expires: number, retries: Retries): void {
    this.#seq++;
    const headers: SipHeaderInit[] = [['Expires', String(expires)]];
    const challenge = this.#challenge;
    const credentials = this.#options.credentials;
    const requestUri = formatUri(this.#requestUri);
    if (challenge && credentials) {
      challenge.nc++;
      headers.push([challenge.header, digestAuthorization(challenge.digest, credentials, { method: 'REGISTER', uri: requestUri }, { nc: challenge.nc, cnonce: this.#ctx.endpoint.newTag() })]);
    }
    sendOutOfDialog(
      this.#ctx,
      {
        method: 'REGISTER',
        requestUri: this.#requestUri,
        to: `<${formatUri(this.#aor)}>`,
        fromUri: this.#aor,
        fromTag: this.#fromTag,
        callId: this.#callId,
        seq: this.#seq,
        withContact: true,
        withCapabilities: true,
        headers,
        ...(this.#options.routes ? { routes: this.#options.routes } : {}),
      },
      { response: (response) => this.#onResponse(response, expires, retries), failed: (failure) => this.#fail(outcomeOfFailure(failure)) },
      this.#destination,
    );
  }

  #onResponse(response: SipResponse, expires: number, retries: Retries): void {
    if (response.status < 200) return;
    if (response.status === 401 || response.status === 407) return this.#onChallenge(response, expires, retries);
    if (response.status === 423) {
      const minimum = Number(response.headers.first('Min-Expires'));
      if (!retries.interval && Number.isInteger(minimum) && minimum > expires) {
        this.#expires = minimum;
        return this.#send(minimum, { ...retries, interval: true });
      }
    }
    if (response.status >= 300) return this.#fail(outcomeOfResponse(response));
    if (this.#machine.is('unregistering')) {
      this.#machine.transition('unregistered');
      return void this.#events.emit('unregistered', { response });
    }
    const granted = this.#grantedExpiry(response, expires);
    this.#machine.transition('registered');
    this.#refresh?.cancel();
    this.#refresh = this.#ctx.clock.setTimer(refreshDelayMs(granted, this.#ctx.timers.T1), () => this.refresh());
    this.#events.emit('registered', { expires: granted, response });
  }

  /** §22.2: answer a challenge once; a second one for the same request fails, unless it only says the nonce went stale. */
  #onChallenge(response: SipResponse, expires: number, retries: Retries): void {
    const header = response.status === 401 ? 'WWW-Authenticate' : 'Proxy-Authenticate';
    const digest = pickDigestChallenge(response.headers.all(header));
    const staleRetry = retries.auth && digest?.stale === true && !retries.stale;
    if (!digest || !this.#options.credentials || (retries.auth && !staleRetry)) return this.#fail(outcomeOfResponse(response));
    this.#challenge = { digest, header: response.status === 401 ? 'Authorization' : 'Proxy-Authorization', nc: 0 };
    this.#send(expires, { ...retries, auth: true, stale: retries.stale || staleRetry });
  }

  /** §10.2.4: our Contact's expires in the 200, else its Expires header, else what we asked. */
  #grantedExpiry(response: SipResponse, asked: number): number {
    const contacts = getContactAddresses(response);
    const own = contacts.ok ? contacts.value.find((c) => c.address.uri.kind === 'sip' && this.#ctx.endpoint.isOwnContact(c.address.uri, this.#destination.protocol)) : undefined;
    if (own?.expires !== undefined) return own.expires;
    const header = getExpires(response);
    return header.ok && header.value !== undefined ? header.value : asked;
  }

  #fail(outcome: RequestOutcome): void {
    this.#refresh?.cancel();
    if (this.#machine.can('failed')) this.#machine.transition('failed');
    this.#events.emit('failed', outcome);
  }
}
