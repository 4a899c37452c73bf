/**
 * The UI's Content-Security-Policy as a response header, on top of the meta tag in index.html:
 * a header also carries the directives a meta tag cannot (`frame-ancestors`), and covers any
 * response the meta tag does not. One policy, from `shared/content-security-policy.ts`.
 */
import {
  CONTENT_SECURITY_POLICY,
  CONTENT_SECURITY_POLICY_HEADER_ONLY,
} from '../../shared/content-security-policy.js';

export const CONTENT_SECURITY_POLICY_HEADER_VALUE = `${CONTENT_SECURITY_POLICY}; ${CONTENT_SECURITY_POLICY_HEADER_ONLY}`;

export type ResponseHeaders = Record<string, string | string[]>;

/** The headers with ours as the only Content-Security-Policy (any other, in any case, removed). */
export function withContentSecurityPolicy(headers: ResponseHeaders | undefined): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') result[name] = value;
  }
  result['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY_HEADER_VALUE];
  return result;
}
