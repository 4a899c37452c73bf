/**
 * Rewrites the topmost Via value of a message in place, leaving every other header field (and
 * the other values of a comma-separated first Via field) as received: the server transport
 * stamps `received`/`rport` into it (§18.2.1) and the client transport changes its transport
 * when a large request moves from UDP to TCP (§18.1.1).
 */
import { canonicalHeaderName, formatVia, type SipHeaderField, SipHeaders, splitHeaderList, type Via } from '../message/index.js';

export function replaceTopVia(headers: SipHeaders, via: Via): SipHeaders {
  let replaced = false;
  const fields: SipHeaderField[] = headers.fields.map((field) => {
    if (replaced || canonicalHeaderName(field.name) !== 'Via') return field;
    replaced = true;
    const values = splitHeaderList(field.value);
    return { name: field.name, value: [formatVia(via), ...values.slice(1)].join(', ') };
  });
  // The fields were checked when `headers` was built, and a formatted Via has no line break.
  return replaced ? SipHeaders.fromParsed(fields) : headers.prepend('Via', formatVia(via));
}
