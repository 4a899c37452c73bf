import { SipUriSchema } from '../../shared/api-contract.js';

export type DialAddressCheck =
  | { state: 'empty' }
  | { state: 'valid'; uri: string }
  | { state: 'invalid'; message: string };

/** Whether what is in the dialer is a SIP URI the contract would accept (RFC 3261 §19.1, loosely). */
export function checkDialAddress(text: string): DialAddressCheck {
  if (text.trim() === '') return { state: 'empty' };
  const parsed = SipUriSchema.safeParse(text);
  if (parsed.success) return { state: 'valid', uri: parsed.data };
  const first = parsed.error.issues[0]?.message ?? 'not a SIP URI';
  return { state: 'invalid', message: first.charAt(0).toUpperCase() + first.slice(1) + '.' };
}
