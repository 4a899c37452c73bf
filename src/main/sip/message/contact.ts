/**
 * Contact (RFC 3261 §20.10): `STAR / contact-param *(COMMA contact-param)`, where
 * contact-param = (name-addr / addr-spec) *(SEMI contact-params). The typed fields read the
 * parameters registrars and the GRUU/outbound extensions use: expires, q, +sip.instance
 * (RFC 5626 §4.1). An out-of-range expires or q is treated as absent, as RFC 4475 §3.1.2.4
 * suggests ("as if they contained the default values").
 */
import { trimWsp } from './abnf.js';
import { findParam } from './generic-params.js';
import { type NameAddr, parseNameAddr } from './name-addr.js';
import { parseDeltaSeconds } from './scalar-headers.js';
import { splitHeaderList } from './split-header-list.js';

export interface Contact {
  readonly address: NameAddr;
  readonly expires?: number;
  /** 0..1 (qvalue, §20.10). */
  readonly q?: number;
  /** The +sip.instance value without its quotes, e.g. `<urn:uuid:...>`. */
  readonly instance?: string;
}

/** `Contact: *` (only in REGISTER, §10.2.2) or a list, possibly empty. */
export type ContactList = { readonly kind: 'wildcard' } | { readonly kind: 'list'; readonly contacts: readonly Contact[] };

const QVALUE = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/;

function toContact(address: NameAddr): Contact {
  const expires = findParam(address.params, 'expires')?.value;
  const q = findParam(address.params, 'q')?.value;
  const instance = findParam(address.params, '+sip.instance')?.value;
  const expiresValue = expires == null ? null : parseDeltaSeconds(expires);
  const contact: { -readonly [K in keyof Contact]: Contact[K] } = { address };
  if (expiresValue !== null) contact.expires = expiresValue;
  if (q != null && QVALUE.test(q)) contact.q = Number(q);
  if (instance != null) contact.instance = instance;
  return contact;
}

/** Parses every Contact field of a message; null when any value is malformed. */
export function parseContactList(values: readonly string[]): ContactList | null {
  const items = values.flatMap((value) => splitHeaderList(value));
  if (items.length === 1 && items[0] === '*') return { kind: 'wildcard' };
  const contacts: Contact[] = [];
  for (const item of items) {
    if (trimWsp(item).length === 0) {
      if (items.length === 1) break;
      return null;
    }
    const address = parseNameAddr(item);
    if (!address) return null;
    contacts.push(toContact(address));
  }
  return { kind: 'list', contacts };
}
