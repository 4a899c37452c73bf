import { createSocket, type Socket } from 'node:dgram';
import { networkInterfaces } from 'node:os';
import type { HostPort } from './bootstrap-address.js';
import { LanError, type LanMedium } from './lan-medium.js';

/**
 * An administratively scoped group (RFC 2365 §6.1, IPv4 Local Scope 239.255.0.0/16): it is never
 * routed off the site, and our TTL of 1 keeps it on the link. 80.76 = "PL".
 */
export const LAN_MULTICAST_GROUP = '239.255.80.76';
/** Next to HyperDHT's own default range (49737–49742), so one firewall rule can cover both. */
export const LAN_MULTICAST_PORT = 49736;
/** RFC 1112 §6.1: TTL 1 keeps a multicast datagram on the local network. */
const MULTICAST_TTL = 1;

export interface MulticastLanMediumOptions {
  group?: string;
  port?: number;
  /**
   * IPv4 addresses of the interfaces to use, read again before every send so a network that
   * comes up (or goes away) later is followed. Default: every IPv4 interface, loopback included,
   * so two Parley processes on one machine find each other too. Tests pass ['127.0.0.1'].
   */
  interfaces?: () => string[];
}

/**
 * LAN discovery over UDP multicast: one receiving socket bound to the group's port on all
 * addresses (SO_REUSEADDR, so several Parley processes on one host share it) that joins the
 * group on each interface, and one sending socket per interface, bound to that interface's
 * address so the receiver sees the sender's address on their shared network. One sender per
 * interface because node:dgram resolves the destination on the next tick: switching a single
 * socket's multicast interface between sends would race.
 *
 * Measured here: multicast works on the loopback interface (join on 127.0.0.1 with
 * IP_MULTICAST_IF 127.0.0.1), so tests run this very class confined to loopback.
 */
export class MulticastLanMedium implements LanMedium {
  readonly group: string;
  readonly port: number;
  /** Interfaces that refused to join the group or to send; for diagnostics, never thrown. */
  readonly failures = { join: 0, send: 0 };
  readonly #receiver: Socket;
  readonly #interfaces: () => string[];
  readonly #senders = new Map<string, Promise<Socket | null>>();
  /** Interfaces on which the receiver is a member of the group. */
  readonly #joined = new Set<string>();
  #receive: (datagram: Buffer, from: HostPort) => void = () => undefined;
  #closed = false;

  private constructor(receiver: Socket, group: string, port: number, interfaces: () => string[]) {
    this.#receiver = receiver;
    this.group = group;
    this.port = port;
    this.#interfaces = interfaces;
    receiver.on('message', (datagram, from) => this.#receive(datagram, { host: from.address, port: from.port }));
    // A socket error after bind (ICMP noise, an interface going away) must not end the process.
    receiver.on('error', () => undefined);
  }

  static async open(options: MulticastLanMediumOptions = {}): Promise<MulticastLanMedium> {
    const group = options.group ?? LAN_MULTICAST_GROUP;
    const port = options.port ?? LAN_MULTICAST_PORT;
    const receiver = createSocket({ type: 'udp4', reuseAddr: true });
    try {
      await bind(receiver, port);
    } catch (error) {
      receiver.close();
      throw new LanError('LAN_UNAVAILABLE', `cannot listen for LAN discovery on UDP port ${port}: ${(error as Error).message}`, { cause: error });
    }
    const medium = new MulticastLanMedium(receiver, group, port, options.interfaces ?? systemIPv4Interfaces);
    await Promise.all(medium.#sync());
    return medium;
  }

  onDatagram(receiver: (datagram: Buffer, from: HostPort) => void): void {
    this.#receive = receiver;
  }

  async send(datagram: Buffer): Promise<void> {
    if (this.#closed) return;
    await Promise.all(this.#sync().map((sender) => sender.then((socket) => (socket ? this.#sendOn(socket, datagram) : undefined))));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const senders = [...this.#senders.values()];
    this.#senders.clear();
    await Promise.all([closeSocket(this.#receiver), ...senders.map((sender) => sender.then((socket) => socket && closeSocket(socket)))]);
  }

  /** Follows the interface list: joins and opens senders for new ones, leaves gone ones. */
  #sync(): Promise<Socket | null>[] {
    const wanted = new Set(this.#interfaces());
    for (const address of this.#joined) {
      if (wanted.has(address)) continue;
      this.#joined.delete(address);
      try {
        this.#receiver.dropMembership(this.group, address);
      } catch {
        // the interface is already gone, and its membership with it
      }
    }
    for (const [address, sender] of this.#senders) {
      if (wanted.has(address)) continue;
      this.#senders.delete(address);
      void sender.then((socket) => socket && closeSocket(socket));
    }
    for (const address of wanted) {
      if (!this.#joined.has(address)) {
        try {
          this.#receiver.addMembership(this.group, address);
          this.#joined.add(address);
        } catch {
          this.failures.join++;
        }
      }
      if (this.#senders.has(address)) continue;
      const sender = this.#openSender(address);
      this.#senders.set(address, sender);
      // A sender that failed to open is forgotten, so the next send tries again.
      void sender.then((socket) => {
        if (!socket && this.#senders.get(address) === sender) this.#senders.delete(address);
      });
    }
    return [...this.#senders.values()];
  }

  async #openSender(address: string): Promise<Socket | null> {
    const socket = createSocket({ type: 'udp4' });
    socket.on('error', () => undefined);
    try {
      await bind(socket, 0, address);
      socket.setMulticastInterface(address);
      socket.setMulticastTTL(MULTICAST_TTL);
      // Other Parley processes on this host hear us on this interface too.
      socket.setMulticastLoopback(true);
    } catch {
      this.failures.join++;
      await closeSocket(socket);
      return null;
    }
    if (this.#closed) {
      await closeSocket(socket);
      return null;
    }
    return socket;
  }

  #sendOn(socket: Socket, datagram: Buffer): Promise<void> {
    return new Promise((resolve) => {
      try {
        socket.send(datagram, this.port, this.group, (error) => {
          if (error) this.failures.send++;
          resolve();
        });
      } catch {
        // closed under us (the interface went away between sync and send)
        this.failures.send++;
        resolve();
      }
    });
  }
}

/** Every IPv4 address of this host, loopback included; [] if the OS will not say. */
export function systemIPv4Interfaces(): string[] {
  const addresses = new Set<string>();
  try {
    for (const entries of Object.values(networkInterfaces())) {
      for (const entry of entries ?? []) if (entry.family === 'IPv4') addresses.add(entry.address);
    }
  } catch {
    // uv_interface_addresses failed: no interfaces this round
  }
  return [...addresses];
}

function bind(socket: Socket, port: number, address?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    socket.once('error', onError);
    socket.bind({ port, ...(address ? { address } : {}) }, () => {
      socket.off('error', onError);
      resolve();
    });
  });
}

function closeSocket(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    try {
      socket.close(() => resolve());
    } catch {
      resolve(); // already closed
    }
  });
}
