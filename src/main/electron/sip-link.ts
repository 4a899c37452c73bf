/**
 * `sip:` and `sips:` links handed to the app by the operating system. Windows and Linux start the
 * program (or a second instance) with the link as a command-line argument; macOS delivers it with
 * the `open-url` event. Either way it is untrusted text: it becomes a link here, or nothing.
 */
import { SipUriSchema } from '../../shared/api-contract.js';

/** RFC 3261 §19.1 has no authority part, but some pages write `sip://alice@host`; we drop the `//`. */
const AUTHORITY_FORM = /^(sips?):\/\//i;
const SIP_SCHEME = /^sips?:/i;
/** `SipUriSchema` refuses whitespace; C0 controls and DEL are refused here as well. */
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/** Returns the link as a SIP URI the dialer may show, or `undefined` when it is not one. */
export function parseSipLink(raw: unknown): string | undefined {
  if (typeof raw !== 'string' || CONTROL_CHARACTER.test(raw)) return undefined;
  const parsed = SipUriSchema.safeParse(raw.replace(AUTHORITY_FORM, '$1:'));
  return parsed.success ? parsed.data : undefined;
}

/** Finds the first valid `sip:`/`sips:` link among command-line arguments. */
export function findSipLink(argv: readonly string[]): string | undefined {
  for (const arg of argv) {
    if (!SIP_SCHEME.test(arg)) continue;
    const link = parseSipLink(arg);
    if (link !== undefined) return link;
  }
  return undefined;
}
