/**
 * Host comparison for sent-by (§18.1.2, §18.2.1) and connection keys: IP addresses compare by
 * value, not by spelling (`::1` = `0:0:0:0:0:0:0:1`, an IPv4-mapped `::ffff:192.0.2.1` = the
 * IPv4 address a dual-stack socket reports it for), host names case-insensitively (§19.1.4).
 */
import { isIPv4, isIPv6 } from 'node:net';

const MAPPED_IPV4 = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/;

function canonicalIPv6(address: string): string {
  if (address.includes('%')) return address.toLowerCase(); // a zone id: URL does not take it
  const canonical = new URL(`http://[${address}]/`).hostname.slice(1, -1);
  const mapped = MAPPED_IPV4.exec(canonical);
  if (!mapped) return canonical;
  const high = parseInt(mapped[1] ?? '0', 16);
  const low = parseInt(mapped[2] ?? '0', 16);
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}

/** One spelling per host: brackets removed, IPv6 canonical, mapped IPv4 unmapped, names lower case. */
export function normalizeHost(host: string): string {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (isIPv6(bare)) return canonicalIPv6(bare);
  if (isIPv4(bare)) return bare;
  return bare.toLowerCase();
}

export function sameHost(a: string, b: string): boolean {
  return a === b || normalizeHost(a) === normalizeHost(b);
}
