/**
 * Via (RFC 3261 §20.42, §25.1; rport from RFC 3581):
 * via-parm = sent-protocol LWS sent-by *( SEMI via-params ),
 * sent-protocol = protocol-name SLASH protocol-version SLASH transport, sent-by = host [ COLON port ].
 * SLASH and COLON allow whitespace around them (`SIP  /   2.0 /UDP` in RFC 4475 §3.1.1.1).
 */
import { isWsp, parseDecimal, scanToken, skipWsp } from './abnf.js';
import { findParam, formatParams, type GenericParam, param, readParams } from './generic-params.js';
import { formatHost, type HostKind, parseHost, parsePort, scanHost } from './uri-host.js';
import { isIPv4, isIPv6 } from 'node:net';
import { SipBuildError } from './sip-build-error.js';

export interface Via {
  /** `SIP` */
  readonly protocolName: string;
  /** `2.0` */
  readonly protocolVersion: string;
  /** Upper case: `UDP`, `TCP`, `TLS`, `SCTP`, `WS`, or an extension token. */
  readonly transport: string;
  /** The sent-by host; IPv6 without brackets. */
  readonly host: string;
  readonly hostKind: HostKind;
  readonly port?: number;
  readonly params: readonly GenericParam[];
  /** The transaction id (§8.1.1.7); RFC 3261 ones start with `z9hG4bK`. */
  readonly branch?: string;
  /** The source address seen by the next hop (§18.2.1). */
  readonly received?: string;
  /** RFC 3581: `true` when the client asked for it (`;rport`), the port once a server filled it in. */
  readonly rport?: number | true;
}

export const RFC3261_BRANCH_PREFIX = 'z9hG4bK';

function readSlash(text: string, i: number): number {
  const at = skipWsp(text, i);
  return text.charCodeAt(at) === 0x2f ? skipWsp(text, at + 1) : -1;
}

/** Checks the parameters whose syntax RFC 3261/3581 fix and derives the typed fields. */
function typedParams(params: readonly GenericParam[]): Pick<Via, 'branch' | 'received' | 'rport'> | null {
  const out: { branch?: string; received?: string; rport?: number | true } = {};
  for (const p of params) {
    const name = p.name.toLowerCase();
    if (name === 'branch' || name === 'received' || name === 'maddr' || name === 'ttl') {
      if (p.value === null || p.quoted || p.value.length === 0) return null;
    }
    if (name === 'branch' && out.branch === undefined) out.branch = p.value ?? '';
    if (name === 'received') {
      if (!isIPv4(p.value ?? '') && !isIPv6((p.value ?? '').replace(/^\[(.*)\]$/, '$1'))) return null;
      out.received ??= p.value ?? '';
    }
    if (name === 'ttl' && parseDecimal(p.value ?? '', 255) === null) return null;
    if (name === 'maddr' && !parseHost(p.value ?? '')) return null;
    if (name === 'rport') {
      if (p.value === null) out.rport ??= true;
      else {
        const port = p.quoted ? null : parsePort(p.value);
        if (port === null) return null;
        out.rport ??= port;
      }
    }
  }
  return out;
}

type SentBy = Omit<Via, 'params' | 'branch' | 'received' | 'rport'> & { end: number };

/** sent-protocol LWS sent-by, and where the parameters start. */
function readSentBy(value: string): SentBy | null {
  const nameStart = skipWsp(value, 0);
  const nameEnd = scanToken(value, nameStart);
  const versionStart = readSlash(value, nameEnd);
  if (nameEnd === nameStart || versionStart < 0) return null;
  const versionEnd = scanToken(value, versionStart);
  const transportStart = readSlash(value, versionEnd);
  if (versionEnd === versionStart || transportStart < 0) return null;
  const transportEnd = scanToken(value, transportStart);
  if (transportEnd === transportStart || !isWsp(value.charCodeAt(transportEnd))) return null;
  const hostStart = skipWsp(value, transportEnd);
  const hostEnd = scanHost(value, hostStart);
  const host = parseHost(value.slice(hostStart, hostEnd));
  if (!host) return null;
  let end = skipWsp(value, hostEnd);
  let port: number | undefined;
  if (value.charCodeAt(end) === 0x3a) {
    const portStart = skipWsp(value, end + 1);
    let portEnd = portStart;
    while (portEnd < value.length && value.charCodeAt(portEnd) >= 0x30 && value.charCodeAt(portEnd) <= 0x39) portEnd++;
    const parsed = parsePort(value.slice(portStart, portEnd));
    if (parsed === null) return null;
    port = parsed;
    end = portEnd;
  }
  return {
    protocolName: value.slice(nameStart, nameEnd),
    protocolVersion: value.slice(versionStart, versionEnd),
    transport: value.slice(transportStart, transportEnd).toUpperCase(),
    host: host.host,
    hostKind: host.hostKind,
    ...(port === undefined ? {} : { port }),
    end,
  };
}

// Built field by field: object spread is several times slower, and every message has Vias.
function toVia(sentBy: SentBy, params: readonly GenericParam[], typed: Pick<Via, 'branch' | 'received' | 'rport'>): Via {
  const via: { -readonly [K in keyof Via]: Via[K] } = {
    protocolName: sentBy.protocolName,
    protocolVersion: sentBy.protocolVersion,
    transport: sentBy.transport,
    host: sentBy.host,
    hostKind: sentBy.hostKind,
    params,
  };
  if (sentBy.port !== undefined) via.port = sentBy.port;
  if (typed.branch !== undefined) via.branch = typed.branch;
  if (typed.received !== undefined) via.received = typed.received;
  if (typed.rport !== undefined) via.rport = typed.rport;
  return via;
}

/** Parses one via-parm (one element of the comma-separated list), or returns null. */
export function parseVia(value: string): Via | null {
  const sentBy = readSentBy(value);
  const params = sentBy && readParams(value, sentBy.end);
  if (!sentBy || !params || params.end !== value.length) return null;
  const typed = typedParams(params.params);
  return typed ? toVia(sentBy, params.params, typed) : null;
}

/**
 * The Via of a request we must answer although its parameters are broken (RFC 4475 §3.1.2.1
 * wants a 400 for `SIP/2.0/UDP 192.0.2.15;;,;,,`): the sent-by is all a response needs to find
 * its way back (§18.2.2); unreadable parameters are left out.
 */
export function parseViaSentBy(value: string): Via | null {
  const sentBy = readSentBy(value);
  if (!sentBy) return null;
  const params = readParams(value, sentBy.end);
  const typed = params && params.end === value.length ? typedParams(params.params) : null;
  return params && typed ? toVia(sentBy, params.params, typed) : toVia(sentBy, [], {});
}

export function formatVia(via: Via): string {
  const port = via.port === undefined ? '' : ':' + String(via.port);
  return `${via.protocolName}/${via.protocolVersion}/${via.transport} ${formatHost(via)}${port}${formatParams(via.params)}`;
}

/** A Via for a request we send: branch first, then `rport` when asked for (RFC 3581 §3). */
export function createVia(init: { transport: string; host: string; port?: number; branch: string; rport?: boolean; params?: readonly GenericParam[] }): Via {
  const host = parseHost(init.host) ?? parseHost(`[${init.host}]`) ?? { host: init.host, hostKind: 'name' as const };
  const params = [param('branch', init.branch), ...(init.rport ? [param('rport')] : []), ...(init.params ?? [])];
  const parsed = parseVia(formatVia({ protocolName: 'SIP', protocolVersion: '2.0', transport: init.transport.toUpperCase(), ...host, ...(init.port === undefined ? {} : { port: init.port }), params }));
  if (!parsed) throw new SipBuildError('INVALID_MESSAGE_PART', `createVia: not a valid Via (${init.transport} ${init.host})`);
  return parsed;
}

/** The value of a Via parameter; undefined when absent, null when it has no value. */
export function viaParam(via: Via, name: string): string | null | undefined {
  return findParam(via.params, name)?.value;
}
