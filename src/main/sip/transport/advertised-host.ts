/**
 * The host a transport writes as Via sent-by and Contact when it listens on a wildcard address
 * (`0.0.0.0`, `::`), where the bound address says nothing a peer could reach: the first
 * non-internal interface address of the same family, else loopback. Listening on a concrete
 * address advertises that address. A caller that knows better (a public address) passes it.
 */
import { networkInterfaces } from 'node:os';
import { isIPv6 } from 'node:net';
import { normalizeHost } from './normalize-host.js';

export function isWildcardHost(host: string): boolean {
  const normalized = normalizeHost(host);
  return normalized === '0.0.0.0' || normalized === '::';
}

export function advertisedHost(bindHost: string, interfaces = networkInterfaces()): string {
  if (!isWildcardHost(bindHost)) return normalizeHost(bindHost);
  const family = isIPv6(normalizeHost(bindHost)) ? 'IPv6' : 'IPv4';
  for (const addresses of Object.values(interfaces)) {
    for (const address of addresses ?? []) {
      if (address.family === family && !address.internal && !address.address.startsWith('fe80:')) return normalizeHost(address.address);
    }
  }
  return family === 'IPv6' ? '::1' : '127.0.0.1';
}
