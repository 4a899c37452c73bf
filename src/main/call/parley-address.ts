import { PARLEY_DOMAIN } from '../identity/address-of-record.js';
import { decodeZBase32, encodeZBase32 } from '../identity/z-base-32.js';
import type { Uri } from '../sip/message/index.js';
import type { TransportAddress } from '../sip/transport/index.js';

/**
 * Names of Parley devices inside SIP (DESIGN.md, "SIP transport"): a device is
 * `<device key, z-base-32>.parley.invalid`, the host of its Contact and Via sent-by and of the
 * c= line of its SDP. Such a URI resolves to the PARLEY connection to that device, never to DNS.
 */

const KEY_BYTES = 32;
const DEVICE_HOST = new RegExp(`^([a-km-uw-z13-9]{52})\\.${PARLEY_DOMAIN.replace('.', '\\.')}$`, 'i');

/** `<device key in z-base-32>.parley.invalid`. */
export function deviceHost(deviceKey: Uint8Array): string {
  return `${encodeZBase32(deviceKey)}.${PARLEY_DOMAIN}`;
}

/** The device key a host names, or null when it names none. */
export function deviceKeyOfHost(host: string): Buffer | null {
  const match = DEVICE_HOST.exec(host);
  const key = match?.[1] ? decodeZBase32(match[1].toLowerCase(), KEY_BYTES) : null;
  return key ? Buffer.from(key) : null;
}

/** The transport address of a device's URI: the PARLEY connection keyed by the device key in hex. */
export function resolveParleyDestination(uri: Uri): TransportAddress | undefined {
  if (uri.kind !== 'sip') return undefined;
  const key = deviceKeyOfHost(uri.host);
  return key ? { protocol: 'PARLEY', host: key.toString('hex'), port: 0 } : undefined;
}
