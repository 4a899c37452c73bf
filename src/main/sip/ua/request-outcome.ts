/**
 * How a request this UA sent ended, as a value: the final response, or a local failure that
 * §8.1.3.1 says to treat like one — 408 for a transaction timeout, 503 for a transport error.
 */
import { reasonPhrase, type SipResponse } from '../message/index.js';
import type { ClientFailure } from './ua-transactions.js';

export interface RequestOutcome {
  readonly status: number;
  readonly reason: string;
  /** Absent for the local 408/503. */
  readonly response?: SipResponse;
}

export function outcomeOfResponse(response: SipResponse): RequestOutcome {
  return { status: response.status, reason: response.reason, response };
}

export function outcomeOfFailure(failure: ClientFailure): RequestOutcome {
  const status = failure === 'timeout' ? 408 : 503;
  return { status, reason: reasonPhrase(status) };
}

export function isSuccess(outcome: RequestOutcome): boolean {
  return outcome.status >= 200 && outcome.status < 300;
}
