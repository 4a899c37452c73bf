import { isIPv4 } from 'node:net';
import { ParleyError } from '../parley-error.js';

export interface HostPort {
  host: string;
  port: number;
}

/**
 * Parses `--bootstrap HOST:PORT,...`. HyperDHT speaks IPv4 UDP, so a host is an IPv4
 * address or a name (resolved by HyperDHT); the port must be 1–65535.
 */
export function parseBootstrapList(text: string): HostPort[] {
  const entries = text.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (entries.length === 0) throw bad(text, 'it names no node');
  if (entries.length > 64) throw bad(text, 'it names more than 64 nodes');
  return entries.map((entry) => parseHostPort(entry, 'BAD_BOOTSTRAP_ADDRESS'));
}

export function parseHostPort(entry: string, code: 'BAD_BOOTSTRAP_ADDRESS' | 'BAD_LISTEN_ADDRESS', allowPortZero = false): HostPort {
  const match = /^(\[[0-9a-f:.]+\]|[^:\s]+):(\d{1,5})$/i.exec(entry.trim());
  if (!match) throw new ParleyError(code, `'${entry}' is not HOST:PORT`);
  const host = (match[1] ?? '').replace(/^\[|\]$/g, '');
  const port = Number(match[2]);
  if (port > 65535 || (port === 0 && !allowPortZero)) throw new ParleyError(code, `'${entry}' has no valid port (1–65535)`);
  if (!/^[a-z0-9.:-]+$/i.test(host)) throw new ParleyError(code, `'${entry}' has no valid host`);
  return { host, port };
}

export function formatHostPort({ host, port }: HostPort): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || (isIPv4(host) && host.startsWith('127.'));
}

function bad(text: string, why: string): ParleyError {
  return new ParleyError('BAD_BOOTSTRAP_ADDRESS', `--bootstrap '${text}': ${why}`);
}
