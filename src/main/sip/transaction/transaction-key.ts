import { MAGIC_COOKIE } from './generate-branch.js';
import { TransactionError } from './transaction-error.js';

/**
 * Transaction matching (RFC 3261 §17.1.3, §17.2.3, §9.2) as pure functions over values the
 * message layer has already taken out of the message. Comparisons follow §7.3.1: parameter
 * values and host names are case-insensitive, method names case-sensitive (§7.1).
 */

/** A key under which a transaction is found; client and server keys never collide. */
export type TransactionKey = string & { readonly __brand: 'TransactionKey' };

/** What a response is matched on (§17.1.3). */
export interface ClientMatchKeys {
  /** The branch parameter of the top Via. */
  readonly branch: string;
  /** The method of the CSeq header field: a CANCEL shares the INVITE's branch, not its method. */
  readonly method: string;
}

/** What a request is matched on (§17.2.3). */
export interface ServerMatchKeys {
  /** The branch parameter of the top Via, if any. */
  readonly branch: string | undefined;
  /** The sent-by of the top Via (host and port), as the message layer normalises it. */
  readonly sentBy: string;
  /** The request method. */
  readonly method: string;
  /** Needed only for requests whose branch lacks the magic cookie (RFC 2543 elements). */
  readonly rfc2543?: Rfc2543MatchKeys;
}

/**
 * §17.2.3 for branches without the magic cookie: "the Request-URI, To tag, From tag, Call-ID,
 * CSeq, and top Via header field match those of the request that created the transaction".
 * The To tag is left out: for an ACK it must equal the tag of the response sent, which a table
 * of keys does not see, and at a UAS the other fields already single the transaction out.
 */
export interface Rfc2543MatchKeys {
  readonly requestUri: string;
  readonly fromTag: string | undefined;
  readonly callId: string;
  readonly cseqNumber: number;
  /** The whole top Via header field value. */
  readonly topVia: string;
}

export function hasMagicCookie(branch: string | undefined): branch is string {
  return branch !== undefined && branch.slice(0, MAGIC_COOKIE.length).toLowerCase() === MAGIC_COOKIE.toLowerCase();
}

/** §17.1.3: the branch of the top Via and the CSeq method. */
export function clientTransactionKey(keys: ClientMatchKeys): TransactionKey {
  return key(['client', keys.branch.toLowerCase(), keys.method]);
}

/**
 * §17.2.3: the key of the server transaction a request belongs to. An ACK belongs to the
 * INVITE transaction it acknowledges; a CANCEL is a transaction of its own (§9.2).
 * Undefined when the branch lacks the magic cookie and no RFC 2543 keys were given.
 */
export function serverTransactionKey(keys: ServerMatchKeys): TransactionKey | undefined {
  const method = keys.method === 'ACK' ? 'INVITE' : keys.method;
  if (hasMagicCookie(keys.branch)) return key(['server', keys.branch.toLowerCase(), keys.sentBy.toLowerCase(), method]);
  const old = keys.rfc2543;
  if (old === undefined) return undefined;
  return key(['rfc2543', old.requestUri, old.fromTag ?? '', old.callId, old.cseqNumber, old.topVia, method]);
}

/** §9.2: the INVITE server transaction a CANCEL asks to cancel, matched as if it were the INVITE. */
export function cancelTargetKey(cancel: ServerMatchKeys): TransactionKey | undefined {
  return serverTransactionKey({ ...cancel, method: 'INVITE' });
}

/** The key a new server transaction is filed under; refuses what cannot create one. */
export function newServerTransactionKey(keys: ServerMatchKeys): TransactionKey {
  if (keys.method === 'ACK') {
    throw new TransactionError('TRANSACTION_ACK_IS_NOT_A_TRANSACTION', 'an ACK never creates a server transaction (§17.2.3)');
  }
  const found = serverTransactionKey(keys);
  if (found === undefined) {
    throw new TransactionError('TRANSACTION_NO_MATCH_KEYS', `branch ${keys.branch ?? '(none)'} lacks the magic cookie and no RFC 2543 keys were given`);
  }
  return found;
}

function key(parts: readonly (string | number)[]): TransactionKey {
  return JSON.stringify(parts) as TransactionKey;
}
