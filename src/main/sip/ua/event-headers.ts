/**
 * The headers of SIP-specific event notification (RFC 6665 §8.2): Event (`presence;id=7`) and
 * Subscription-State (`active;expires=600`, `terminated;reason=timeout`), and the status line a
 * `message/sipfrag` body of RFC 3515 carries.
 */
import { splitHeaderList } from '../message/index.js';

export interface EventHeader {
  /** The event package, lower-cased (`refer`, `presence`, `dialog`). */
  readonly eventPackage: string;
  /** The `id` parameter that tells several subscriptions in one dialog apart (RFC 6665 §8.2.1). */
  readonly id: string | undefined;
}

export type SubscriptionStateName = 'active' | 'pending' | 'terminated';

export interface SubscriptionState {
  readonly state: SubscriptionStateName;
  readonly expires: number | undefined;
  readonly reason: string | undefined;
  readonly retryAfter: number | undefined;
}

function splitParams(value: string): { head: string; params: Map<string, string> } {
  const [head = '', ...rest] = value.split(';').map((part) => part.trim());
  const params = new Map<string, string>();
  for (const part of rest) {
    const equals = part.indexOf('=');
    const name = (equals === -1 ? part : part.slice(0, equals)).trim().toLowerCase();
    if (name !== '') params.set(name, equals === -1 ? '' : part.slice(equals + 1).trim().replace(/^"(.*)"$/, '$1'));
  }
  return { head, params };
}

function seconds(text: string | undefined): number | undefined {
  return text !== undefined && /^\d{1,10}$/.test(text) ? Number(text) : undefined;
}

export function parseEventHeader(value: string | undefined): EventHeader | undefined {
  if (value === undefined) return undefined;
  const { head, params } = splitParams(splitHeaderList(value)[0] ?? '');
  if (!/^[A-Za-z0-9!%*_+`'~.-]+$/.test(head)) return undefined;
  return { eventPackage: head.toLowerCase(), id: params.get('id') };
}

export function formatEventHeader(event: EventHeader): string {
  return event.id === undefined ? event.eventPackage : `${event.eventPackage};id=${event.id}`;
}

/** Both absent ids match; a NOTIFY without one matches a subscription that sent none. */
export function sameEvent(a: EventHeader, b: EventHeader): boolean {
  return a.eventPackage === b.eventPackage && (a.id ?? '') === (b.id ?? '');
}

export function parseSubscriptionState(value: string | undefined): SubscriptionState | undefined {
  if (value === undefined) return undefined;
  const { head, params } = splitParams(value);
  const state = head.toLowerCase();
  if (state !== 'active' && state !== 'pending' && state !== 'terminated') return undefined;
  return { state, expires: seconds(params.get('expires')), reason: params.get('reason'), retryAfter: seconds(params.get('retry-after')) };
}

export function formatSubscriptionState(state: { readonly state: SubscriptionStateName; readonly expires?: number; readonly reason?: string }): string {
  if (state.state === 'terminated') return state.reason === undefined ? 'terminated' : `terminated;reason=${state.reason}`;
  return state.expires === undefined ? state.state : `${state.state};expires=${Math.max(0, Math.round(state.expires))}`;
}

/** RFC 3515 §2.4.5: a sipfrag body is at least the status line of a response. */
export function sipfragStatusLine(status: number, reason: string): string {
  return `SIP/2.0 ${status} ${reason}\r\n`;
}

export function parseSipfragStatus(body: Uint8Array): { status: number; reason: string } | undefined {
  const line = Buffer.from(body).toString('utf8').split(/\r?\n/, 1)[0] ?? '';
  const match = /^SIP\/2\.0 ([1-6]\d\d) ?(.*)$/.exec(line);
  return match ? { status: Number(match[1]), reason: match[2] ?? '' } : undefined;
}
