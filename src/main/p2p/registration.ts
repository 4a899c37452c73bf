import type HyperDHT from 'hyperdht';
import type { HostPort } from 'hyperdht';
import type { Clock, TimerHandle } from '../clock.js';
import { CodedError } from '../coded-error.js';
import type { KeyPair } from '../identity/identity-key-pair.js';
import { TypedEmitter } from '../typed-emitter.js';
import { deviceTopic } from './device-topic.js';

/** The part of HyperDHT registration uses; a test may pass a fake. */
export type RegistrationDht = Pick<HyperDHT, 'announce' | 'unannounce'>;

export interface RegistrationTiming {
  /** A registered device announces again after a delay drawn from [refreshMinMs, refreshMaxMs]. */
  readonly refreshMinMs: number;
  readonly refreshMaxMs: number;
  /** A failed announce is retried after a delay drawn from [retryMinMs, retryMaxMs]. */
  readonly retryMinMs: number;
  readonly retryMaxMs: number;
}

/**
 * HyperDHT nodes keep an announcement for 20 minutes (their records' maxAge). Refreshing every
 * 5–10 minutes leaves two more chances before it lapses; the jitter keeps the devices of a
 * network that came up together from announcing in lockstep.
 */
export const REGISTRATION_TIMING: RegistrationTiming = {
  refreshMinMs: 5 * 60_000,
  refreshMaxMs: 10 * 60_000,
  retryMinMs: 10_000,
  retryMaxMs: 30_000,
};

export type RegistrationState = 'idle' | 'announcing' | 'registered' | 'retrying' | 'stopping' | 'stopped';

const MOVES: Readonly<Record<RegistrationState, readonly RegistrationState[]>> = {
  idle: ['announcing', 'stopped'],
  announcing: ['registered', 'retrying', 'stopping'],
  registered: ['announcing', 'stopping'],
  retrying: ['announcing', 'stopping'],
  stopping: ['stopped'],
  stopped: [],
};

export type RegistrationEvents = {
  stateChanged: { state: RegistrationState };
  announced: { elapsedMs: number; nextInMs: number };
  announceFailed: { reason: string; retryInMs: number };
};

export class RegistrationError extends CodedError<'REGISTRATION_BAD_MOVE'> {
  constructor(message: string) {
    super('RegistrationError', 'REGISTRATION_BAD_MOVE', message);
  }
}

export interface RegistrationOptions {
  dht: RegistrationDht;
  identityPublicKey: Uint8Array;
  /** The device key pair: the announcement proves this device holds it. */
  deviceKeyPair: KeyPair;
  clock: Clock;
  /** [0, 1); draws the jitter. Math.random unless a test seeds it. */
  random?: () => number;
  timing?: Partial<RegistrationTiming>;
  /** DHT nodes that relay connects to this device (a HyperDHT server's `relayAddresses`), sent with each announce. */
  relayAddresses?: () => HostPort[];
}

/** A delay drawn uniformly from [min, max]. */
export function jitteredDelay(min: number, max: number, random: () => number): number {
  return Math.round(min + (max - min) * random());
}

/**
 * The REGISTER of P2P SIP: while it runs, this device is announced on its identity's device
 * topic, refreshed well inside the announcement lifetime; `stop()` unannounces. Being
 * announced says only "online": callers accept the device because the identity's signed
 * device list names it (DeviceDirectory).
 */
export class Registration extends TypedEmitter<RegistrationEvents> {
  readonly topic: Buffer;
  readonly #dht: RegistrationDht;
  readonly #keyPair: KeyPair;
  readonly #clock: Clock;
  readonly #random: () => number;
  readonly #timing: RegistrationTiming;
  readonly #relayAddresses: (() => HostPort[]) | undefined;
  #state: RegistrationState = 'idle';
  #timer: TimerHandle | null = null;
  #inFlight: Promise<void> | null = null;

  constructor(options: RegistrationOptions) {
    super();
    this.topic = deviceTopic(options.identityPublicKey);
    this.#dht = options.dht;
    this.#keyPair = options.deviceKeyPair;
    this.#clock = options.clock;
    this.#random = options.random ?? Math.random;
    this.#timing = { ...REGISTRATION_TIMING, ...options.timing };
    this.#relayAddresses = options.relayAddresses;
  }

  get state(): RegistrationState {
    return this.#state;
  }

  /** Announces now and keeps the announcement fresh until `stop()`. */
  start(): void {
    if (this.#state !== 'idle') throw new RegistrationError(`a registration starts once; it is ${this.#state}`);
    this.#announce();
  }

  /** Announces at once (the network changed), unless an announce is under way or it stopped. */
  refreshNow(): void {
    if (this.#state !== 'registered' && this.#state !== 'retrying') return;
    this.#timer?.cancel();
    this.#timer = null;
    this.#announce();
  }

  /** Stops refreshing and unannounces; resolves false when the unannounce failed (the record then lapses within 20 minutes). */
  async stop(): Promise<boolean> {
    if (this.#state === 'stopped' || this.#state === 'stopping') return true;
    this.#timer?.cancel();
    this.#timer = null;
    if (this.#state === 'idle') {
      this.#transition('stopped');
      return true;
    }
    this.#transition('stopping');
    await this.#inFlight;
    let unannounced = true;
    try {
      await this.#dht.unannounce(this.topic, this.#keyPair);
    } catch {
      unannounced = false;
    }
    this.#transition('stopped');
    return unannounced;
  }

  #announce(): void {
    this.#transition('announcing');
    const started = this.#clock.now();
    const relays = this.#relayAddresses?.();
    // Inside a promise, so a DHT that throws at once (destroyed) fails like one that rejects.
    this.#inFlight = Promise.resolve()
      .then(() => (relays ? this.#dht.announce(this.topic, this.#keyPair, relays) : this.#dht.announce(this.topic, this.#keyPair)).finished())
      .then(
        () => this.#announced(started),
        (error: unknown) => this.#failed(error),
      );
  }

  #fire(): void {
    this.#timer = null;
    this.#announce();
  }

  #announced(started: number): void {
    this.#inFlight = null;
    if (this.#state !== 'announcing') return; // stopping: stop() unannounces
    const nextInMs = jitteredDelay(this.#timing.refreshMinMs, this.#timing.refreshMaxMs, this.#random);
    this.#transition('registered');
    this.#timer = this.#clock.setTimer(nextInMs, () => this.#fire());
    this.emit('announced', { elapsedMs: this.#clock.now() - started, nextInMs });
  }

  #failed(error: unknown): void {
    this.#inFlight = null;
    if (this.#state !== 'announcing') return;
    const retryInMs = jitteredDelay(this.#timing.retryMinMs, this.#timing.retryMaxMs, this.#random);
    this.#transition('retrying');
    this.#timer = this.#clock.setTimer(retryInMs, () => this.#fire());
    this.emit('announceFailed', { reason: error instanceof Error ? error.message : String(error), retryInMs });
  }

  #transition(next: RegistrationState): void {
    if (!MOVES[this.#state].includes(next)) throw new RegistrationError(`a registration cannot go from ${this.#state} to ${next}`);
    this.#state = next;
    this.emit('stateChanged', { state: next });
  }
}
