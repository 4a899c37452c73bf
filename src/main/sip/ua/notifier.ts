/**
 * The notifier side of SIP events (RFC 6665 §4.2): event packages the application serves, and
 * the SUBSCRIBE requests that arrive outside a dialog (§4.2.1.1). An unknown or missing Event
 * gets 489 Bad Event with Allow-Events; a too-short Expires gets 423 with Min-Expires; the rest
 * become IncomingSubscriptions for the package to decide.
 */
import { getExpires } from '../message/index.js';
import { parseEventHeader } from './event-headers.js';
import { IncomingSubscription } from './incoming-subscription.js';
import type { ServerRequest } from './server-request.js';
import type { UaContext } from './ua-context.js';

export interface EventPackage {
  /** Seconds granted when a SUBSCRIBE has no Expires (each package defines its default, RFC 6665 §7.2). */
  readonly defaultExpires: number;
  /** Below this (and above zero) a SUBSCRIBE gets 423 Interval Too Brief. */
  readonly minExpires?: number;
  /** A longer Expires is shortened to this. */
  readonly maxExpires?: number;
  /** A new subscription: call `accept` (200 + the first NOTIFY) or `reject`. */
  readonly onSubscribe: (subscription: IncomingSubscription) => void;
}

export class Notifier {
  readonly #ctx: UaContext;
  readonly #packages = new Map<string, EventPackage>();

  constructor(ctx: UaContext) {
    this.#ctx = ctx;
  }

  get packages(): string[] {
    return [...this.#packages.keys()];
  }

  setPackage(name: string, eventPackage: EventPackage | undefined): void {
    if (eventPackage) this.#packages.set(name.toLowerCase(), eventPackage);
    else this.#packages.delete(name.toLowerCase());
  }

  receiveSubscribe(server: ServerRequest): void {
    const event = parseEventHeader(server.request.headers.first('Event'));
    const eventPackage = event && this.#packages.get(event.eventPackage);
    if (!event || !eventPackage) return void server.respond(489, { headers: [['Allow-Events', this.packages.join(', ')]] });
    const asked = getExpires(server.request);
    const requested = asked.ok && asked.value !== undefined ? asked.value : eventPackage.defaultExpires;
    const minimum = eventPackage.minExpires ?? 0;
    if (requested > 0 && requested < minimum) return void server.respond(423, { headers: [['Min-Expires', String(minimum)]] });
    const granted = Math.min(requested, eventPackage.maxExpires ?? requested);
    eventPackage.onSubscribe(new IncomingSubscription(this.#ctx, server, event, granted, eventPackage));
  }
}
